import { defaultPorts, HttpPortError, type EnginePorts, type OutboundMessage, type StartParams } from '@moflow/flow-engine';
import { flowDefinitionSchema, type FlowDefinition, type FlowDefinitionInput } from '@moflow/flow-spec';
import { afterEach, describe, expect, it } from 'vitest';
import { TurnPool, TurnStoppedError } from '../src';

const def = (d: Omit<FlowDefinitionInput, 'specVersion'>): FlowDefinition => flowDefinitionSchema.parse({ specVersion: 1, ...d });
const trigger = { id: 'start', type: 'trigger' as const, config: { keywords: ['GO'] } };
const edge = (source: string, target: string, sourceHandle = 'next') => ({ id: `${source}-${target}-${sourceHandle}`, source, target, sourceHandle });

function start(definition: FlowDefinition, runId = 'run-1'): { kind: 'start'; params: StartParams } {
  return {
    kind: 'start',
    params: {
      runId, flowId: 'f', flowVersion: 1, definition,
      contact: { id: 'c1', phone: '+15550100001', name: 'Ann', fields: {}, subscriptions: [] },
      channelId: 'ch', trigger: { kind: 'keyword', keyword: 'GO' },
      message: { id: 'mo', text: 'GO', from: '+15550100001', to: '1', channelId: 'ch', receivedAt: '2026-01-01T00:00:00Z' },
    },
  };
}

function hostPorts(sent: OutboundMessage[], extra: Partial<EnginePorts> = {}): EnginePorts {
  return {
    ...defaultPorts,
    messages: { send: async (m) => (sent.push(m), { messageId: `mt-${sent.length}` }) },
    ...extra,
  };
}

// ~10^8 lambda calls: minutes of work that only the watchdog can stop once the in-engine budget is lifted
const RUNAWAY = '$reduce([1..10000], function($a, $i) { $reduce([1..10000], function($b, $j) { $b + $j }, $a) }, 0)';
// within every cap (10,000 items): ONE native call of ~10 s that the in-engine budget cannot interrupt
const NATIVE_RUNAWAY = '$count($distinct([1..10000].{"a": $}))';
const runaway = def({
  nodes: [trigger, { id: 'spin', type: 'set', config: { assignments: [{ target: 'vars.x', expression: RUNAWAY }] } }],
  edges: [edge('start', 'spin')],
});
const greet = def({
  nodes: [trigger, { id: 'hi', type: 'reply', config: { text: 'Hi {{ contact.name }}' } }, { id: 'w', type: 'wait', config: { timeoutSeconds: 60 } },
    { id: 'bye', type: 'reply', config: { text: 'Got {{ message.text }}' } }],
  edges: [edge('start', 'hi'), edge('hi', 'w'), edge('w', 'bye', 'reply')],
});

let pool: TurnPool | undefined;
afterEach(async () => pool?.close());

describe('TurnPool', () => {
  it('runs a turn in a worker: port calls reach the host, state and events come back as plain data', async () => {
    pool = new TurnPool({ workers: 1 });
    const sent: OutboundMessage[] = [];
    const first = await pool.runTurn(start(greet), hostPorts(sent));
    expect(first.state.status).toBe('waiting');
    expect(sent.map((m) => m.text)).toEqual(['Hi Ann']);
    const reply = { id: 'mo2', text: 'thanks', from: '+15550100001', to: '1', channelId: 'ch', receivedAt: '2026-01-01T00:01:00Z' };
    const second = await pool.runTurn({ kind: 'resume', definition: greet, state: first.state, event: { kind: 'reply', message: reply } }, hostPorts(sent));
    expect(second.state.status).toBe('completed');
    expect(sent.map((m) => m.text)).toEqual(['Hi Ann', 'Got thanks']);
    expect(second.events.map((e) => e.type)).toContain('run_completed');
  });

  it('stops a runaway turn at its busy budget, fails only that turn, and keeps serving others', async () => {
    pool = new TurnPool({ workers: 2, busyBudgetMs: 300 });
    const sent: OutboundMessage[] = [];
    const limits = { expressionTimeoutMs: 10 * 60_000 };
    const stuck = pool.runTurn(start(runaway, 'run-stuck'), hostPorts(sent), { limits }).catch((e: unknown) => e);
    const fine = await pool.runTurn(start(greet, 'run-fine'), hostPorts(sent));
    expect(fine.state.status).toBe('waiting');
    const err = await stuck;
    expect(err).toBeInstanceOf(TurnStoppedError);
    expect((err as TurnStoppedError).reason).toBe('busy_budget');
    expect((err as Error).message).toMatch(/more than the 300 ms a turn may use .* and was stopped/);
    // the stopped worker was replaced: the pool still runs turns
    const after = await pool.runTurn(start(greet, 'run-after'), hostPorts(sent));
    expect(after.state.status).toBe('waiting');
  });

  it('does not count time spent waiting on ports against the budget', async () => {
    pool = new TurnPool({ workers: 1, busyBudgetMs: 200 });
    const slowLookup = def({
      nodes: [trigger, { id: 'look', type: 'lookup', config: { kind: 'http', url: 'https://crm.example/x', mapping: '{ "got": body.ok }' } },
        { id: 'ok', type: 'reply', config: { text: 'ok {{ vars.got }}' } }],
      edges: [edge('start', 'look'), edge('look', 'ok', 'success')],
    });
    const sent: OutboundMessage[] = [];
    const http = { request: () => new Promise<{ status: number; headers: Record<string, string>; body: string }>((resolve) =>
      setTimeout(() => resolve({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' }), 600)) };
    const result = await pool.runTurn(start(slowLookup), hostPorts(sent, { http }));
    expect(result.state.status).toBe('completed');
    expect(sent.map((m) => m.text)).toEqual(['ok true']);
  });

  it('rebuilds typed port errors in the worker, so the engine still reasons about them', async () => {
    pool = new TurnPool({ workers: 1 });
    const lookup = def({
      nodes: [trigger, { id: 'look', type: 'lookup', config: { kind: 'http', url: 'https://crm.example/x', retries: 2 } },
        { id: 'ko', type: 'reply', config: { text: 'failed' } }],
      edges: [edge('start', 'look'), edge('look', 'ko', 'failure')],
    });
    let calls = 0;
    const http = { request: async () => { calls++; throw new HttpPortError('refused', 'address 127.0.0.1 is not allowed'); } };
    const sent: OutboundMessage[] = [];
    const result = await pool.runTurn(start(lookup), hostPorts(sent, { http }));
    expect(calls).toBe(1); // a refusal is never retried: the worker saw an HttpPortError of kind 'refused'
    expect(sent.map((m) => m.text)).toEqual(['failed']);
    expect(JSON.stringify(result.events)).toContain('is not allowed');
  });

  it('keeps running other turns on a worker while one waits on a slow port: a waiting turn holds no slot', async () => {
    pool = new TurnPool({ workers: 1, turnsPerWorker: 1 });
    const slowLookup = def({
      nodes: [trigger, { id: 'look', type: 'lookup', config: { kind: 'http', url: 'https://crm.example/x', timeoutMs: 5000 } },
        { id: 'ok', type: 'reply', config: { text: 'looked up' } }],
      edges: [edge('start', 'look'), edge('look', 'ok', 'success')],
    });
    let answer: (() => void) | undefined;
    const http = { request: () => new Promise<{ status: number; headers: Record<string, string>; body: string }>((resolve) => {
      answer = () => resolve({ status: 200, headers: {}, body: '{}' });
    }) };
    const sent: OutboundMessage[] = [];
    const slow = pool.runTurn(start(slowLookup, 'run-slow'), hostPorts(sent, { http }));
    const fast = await pool.runTurn(start(greet, 'run-fast'), hostPorts(sent));
    expect(fast.state.status).toBe('waiting');
    expect(sent.map((m) => m.text)).toEqual(['Hi Ann']);
    answer!();
    expect((await slow).state.status).toBe('completed');
    expect(sent.map((m) => m.text)).toEqual(['Hi Ann', 'looked up']);
  });

  it('stops a turn stuck in one native call, names it, and re-runs the innocent turns of its worker without repeating their port calls', async () => {
    pool = new TurnPool({ workers: 1, busyBudgetMs: 300 });
    const stuckFlow = def({
      nodes: [trigger, { id: 'spin', type: 'set', config: { assignments: [{ target: 'vars.x', expression: NATIVE_RUNAWAY }] } }],
      edges: [edge('start', 'spin')],
    });
    // an innocent turn that sent a reply, then waits on a lookup while the runaway takes the worker
    const innocentFlow = def({
      nodes: [trigger, { id: 'before', type: 'reply', config: { text: 'before' } },
        { id: 'look', type: 'lookup', config: { kind: 'http', url: 'https://crm.example/x', timeoutMs: 5000, mapping: '{ "n": body.n }' } },
        { id: 'after', type: 'reply', config: { text: 'after {{ vars.n }}' } }],
      edges: [edge('start', 'before'), edge('before', 'look'), edge('look', 'after', 'success')],
    });
    let requests = 0;
    let answer: (() => void) | undefined;
    let asked: () => void = () => undefined;
    const askedOnce = new Promise<void>((resolve) => (asked = resolve));
    const http = { request: () => new Promise<{ status: number; headers: Record<string, string>; body: string }>((ok) => {
      requests++;
      asked();
      answer = () => ok({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"n":7}' });
    }) };
    const sent: OutboundMessage[] = [];
    const innocent = pool.runTurn({ ...start(innocentFlow, 'run-innocent'), flowKey: 'innocent@1' }, hostPorts(sent, { http }));
    await askedOnce;
    // the expression budget lifted, so only the watchdog can stop it even on a slow machine
    const stuck = pool.runTurn(start(stuckFlow, 'run-stuck'), hostPorts(sent), { limits: { expressionTimeoutMs: 10 * 60_000 } }).catch((e: unknown) => e);
    const err = await stuck;
    expect(err).toBeInstanceOf(TurnStoppedError);
    expect((err as TurnStoppedError).reason).toBe('busy_budget');
    answer!();
    const result = await innocent;
    expect(result.state.status).toBe('completed');
    // re-run from scratch on a fresh worker, answered from the record: one reply each, one request
    expect(sent.map((m) => m.text)).toEqual(['before', 'after 7']);
    expect(requests).toBe(1);
    expect(result.events.filter((e) => e.type === 'reply_queued')).toHaveLength(2);
  });

  it('sends a keyed definition to a worker once and runs the cached one after', async () => {
    pool = new TurnPool({ workers: 1 });
    const other = def({ nodes: [trigger, { id: 'x', type: 'reply', config: { text: 'other' } }], edges: [edge('start', 'x')] });
    const sent: OutboundMessage[] = [];
    await pool.runTurn({ ...start(greet, 'run-a'), flowKey: 'greet@1' }, hostPorts(sent));
    // same key: the worker runs the definition it holds (a published version never changes)
    await pool.runTurn({ ...start(other, 'run-b'), flowKey: 'greet@1' }, hostPorts(sent));
    await pool.runTurn({ ...start(other, 'run-c'), flowKey: 'other@1' }, hostPorts(sent));
    expect(sent.map((m) => m.text)).toEqual(['Hi Ann', 'Hi Ann', 'other']);
  });

  it('answers messages, tickets and contact changes in the worker with localEffects (no round trip)', async () => {
    pool = new TurnPool({ workers: 1 });
    const sent: OutboundMessage[] = [];
    const result = await pool.runTurn(start(greet), hostPorts(sent), { localEffects: true });
    expect(sent).toEqual([]);
    const queued = result.events.find((e) => e.type === 'reply_queued');
    expect(queued).toMatchObject({ text: 'Hi Ann', messageId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });
});
