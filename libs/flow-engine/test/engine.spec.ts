import { flowDefinitionSchema, type FlowDefinitionInput } from '@moflow/flow-spec';
import { describe, expect, it } from 'vitest';
import { FlowEngine, FlowEngineError, FlowEngineErrorCode, HttpPortError, type StartParams } from '../src';
import { fakeHost } from './support/fake-ports';
import { defaultContact } from './support/fixture';

const def = (d: Omit<FlowDefinitionInput, 'specVersion'>) => flowDefinitionSchema.parse({ specVersion: 1, ...d });
const trigger = { id: 'start', type: 'trigger' as const, config: { keywords: ['JOIN'] } };
const edge = (source: string, target: string, sourceHandle = 'next') => ({ id: `${source}-${target}`, source, target, sourceHandle });

function params(definition: StartParams['definition']): StartParams {
  return {
    runId: 'run-9',
    flowId: 'f',
    flowVersion: 1,
    definition,
    contact: { ...defaultContact, fields: { ...defaultContact.fields }, subscriptions: [] },
    channelId: 'ch-1',
    message: { id: 'mo-1', text: 'JOIN', from: defaultContact.phone, to: '1', channelId: 'ch-1', receivedAt: '2026-01-01T00:00:00Z' },
    trigger: { kind: 'keyword', keyword: 'JOIN' },
  };
}

describe('FlowEngine', () => {
  it('refuses to resume a run that is not waiting, with a typed error', async () => {
    const host = fakeHost();
    const engine = new FlowEngine({ ports: host.ports });
    const d = def({ nodes: [trigger], edges: [] });
    const { state } = await engine.start(params(d));
    expect(state.status).toBe('completed');
    const err = await engine.resume(d, state, { kind: 'timeout' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FlowEngineError);
    expect((err as FlowEngineError).code).toBe(FlowEngineErrorCode.RUN_NOT_WAITING);
    expect((err as Error).message).toBe('run run-9 is completed, not waiting: nothing to resume');
  });

  it('fails the run loudly when a port was never injected', async () => {
    const engine = new FlowEngine();
    const d = def({ nodes: [trigger, { id: 'r', type: 'reply', config: { text: 'hi' } }], edges: [edge('start', 'r')] });
    const { state, events } = await engine.start(params(d));
    expect(state.status).toBe('failed');
    expect(events.at(-1)).toMatchObject({
      type: 'run_failed',
      nodeId: 'r',
      message: 'node "r" (reply): no messages port configured: inject EnginePorts.messages to run reply nodes',
    });
    // the real defaults: a clock and no run-time crash
    expect(Math.abs(events[0]!.at - Date.now())).toBeLessThan(5000);
  });

  it('never changes the objects the host passed in', async () => {
    const host = fakeHost();
    const engine = new FlowEngine({ ports: host.ports });
    const d = def({
      nodes: [
        trigger,
        { id: 's', type: 'set', config: { assignments: [{ target: 'contact.fields.tier', expression: '"gold"' }, { target: 'vars.a', expression: '1' }] } },
        { id: 'sub', type: 'subscribe', config: { list: 'news' } },
        { id: 'w', type: 'wait', config: { timeoutSeconds: 60 } },
        { id: 's2', type: 'set', config: { assignments: [{ target: 'vars.a', expression: '2' }] } },
      ],
      edges: [edge('start', 's'), edge('s', 'sub'), edge('sub', 'w'), edge('w', 's2', 'reply')],
    });
    const p = params(d);
    const frozen = JSON.stringify(p);
    const waiting = await engine.start(p);
    expect(JSON.stringify(p)).toBe(frozen);
    expect(waiting.state).toMatchObject({ status: 'waiting', vars: { a: 1 }, contact: { fields: { tier: 'gold' }, subscriptions: ['news'] } });
    const stored = JSON.stringify(waiting.state);
    const done = await engine.resume(d, waiting.state, { kind: 'reply', message: { ...p.message!, text: 'ok' } });
    expect(JSON.stringify(waiting.state)).toBe(stored);
    expect(done.state.vars).toEqual({ a: 2, reply: 'ok' });
  });

  it('gives the wait step its real duration and the resume its deadline from the clock port', async () => {
    const host = fakeHost();
    const engine = new FlowEngine({ ports: host.ports });
    const d = def({ nodes: [trigger, { id: 'w', type: 'wait', config: { timeoutSeconds: 90 } }], edges: [edge('start', 'w')] });
    const started = await engine.start(params(d));
    expect(started.state.waiting).toEqual({ nodeId: 'w', deadline: host.clock.now + 90_000, since: host.clock.now });
    host.clock.now += 90_000;
    const { events } = await engine.resume(d, JSON.parse(JSON.stringify(started.state)), { kind: 'timeout' });
    expect(events.find((e) => e.type === 'step_left')).toMatchObject({ nodeId: 'w', handle: 'timeout', durationMs: 90_000 });
  });

  it('ends a run whose wait timed out with no timeout path as expired, not completed', async () => {
    const host = fakeHost();
    const engine = new FlowEngine({ ports: host.ports });
    const d = def({ nodes: [trigger, { id: 'w', type: 'wait', config: { timeoutSeconds: 60 } }, { id: 'r', type: 'reply', config: { text: 'late' } }],
      edges: [edge('start', 'w'), edge('w', 'r', 'reply')] });
    const started = await engine.start(params(d));
    const timedOut = await engine.resume(d, JSON.parse(JSON.stringify(started.state)), { kind: 'timeout' });
    expect(timedOut.state.status).toBe('expired');
    expect(timedOut.events.at(-1)).toMatchObject({ type: 'run_completed', status: 'expired', reason: 'no reply in time and node "w" has no timeout path' });
    // With a timeout path the run goes on (and completes there).
    const withPath = def({ nodes: [trigger, { id: 'w', type: 'wait', config: { timeoutSeconds: 60 } }, { id: 'r', type: 'reply', config: { text: 'late' } }],
      edges: [edge('start', 'w'), edge('w', 'r', 'timeout')] });
    const again = await engine.start(params(withPath));
    expect((await engine.resume(withPath, JSON.parse(JSON.stringify(again.state)), { kind: 'timeout' })).state.status).toBe('completed');
  });

  it('reads $now() and $millis() from the clock port, in expressions and in templates', async () => {
    const host = fakeHost();
    host.clock.now = Date.UTC(2030, 0, 2, 3, 4, 5);
    const engine = new FlowEngine({ ports: host.ports });
    const d = def({ nodes: [trigger,
      { id: 's', type: 'set', config: { assignments: [{ target: 'vars.at', expression: '$now()' }, { target: 'vars.ms', expression: '$millis()' }, { target: 'vars.day', expression: "$now('[Y0001]-[M01]-[D01]')" }] } },
      { id: 'r', type: 'reply', config: { text: 'Today is {{ $now("[D01]/[M01]/[Y0001]") }}' } }],
    edges: [edge('start', 's'), edge('s', 'r')] });
    const { state } = await engine.start(params(d));
    expect(state.vars).toMatchObject({ at: '2030-01-02T03:04:05.000Z', ms: Date.UTC(2030, 0, 2, 3, 4, 5), day: '2030-01-02' });
    expect(host.messages[0]?.text).toBe('Today is 02/01/2030');
  });

  it('keeps secret values out of every event, even when the HTTP port echoes them in an error', async () => {
    const host = fakeHost({ secrets: { KEY: 'sk_live_abcdef', TOKEN: 'tok_zyxwvu' } });
    let calls = 0;
    host.ports.http = {
      async request(req) {
        calls++;
        if (calls === 1) throw new HttpPortError('network', `connect ECONNRESET ${req.url} with ${req.headers['Authorization']}`);
        return { status: 200, headers: {}, body: '{"ok":true}' };
      },
    };
    const engine = new FlowEngine({ ports: host.ports });
    const d = def({
      nodes: [
        trigger,
        {
          id: 'api',
          type: 'lookup',
          config: { kind: 'http', url: 'https://user:pw@api.example.com/{{ secrets.KEY }}/x?sig={{ secrets.KEY }}', headers: { Authorization: 'Bearer {{ secrets.TOKEN }}' }, backoffMs: 10 },
        },
        { id: 'r', type: 'reply', config: { text: 'secret? {{ secrets.KEY }}' } },
      ],
      edges: [edge('start', 'api'), edge('api', 'r', 'success')],
    });
    const { events } = await engine.start(params(d));
    const log = JSON.stringify(events);
    expect(log).not.toContain('sk_live_abcdef');
    expect(log).not.toContain('tok_zyxwvu');
    expect(log).not.toContain('user:pw');
    const attempts = events.filter((e) => e.type === 'lookup_attempt');
    expect(attempts.map((a) => a.url)).toEqual(['https://api.example.com/***/x?sig=***', 'https://api.example.com/***/x?sig=***']);
    // secrets exist only in lookup URL and headers: elsewhere `secrets` is simply not in scope
    expect(events.find((e) => e.type === 'reply_queued')).toMatchObject({ text: 'secret? ' });
  });

  it("keeps a URL that starts with a secret base on that secret's host, whatever the message says", async () => {
    const d = def({
      nodes: [trigger, { id: 'api', type: 'lookup', config: { kind: 'http', url: '{{ secrets.API_BASE }}/orders/{{ message.text }}', headers: { Authorization: 'Bearer {{ secrets.TOKEN }}' } } }],
      edges: [edge('start', 'api')],
    });
    const ok = fakeHost({ secrets: { API_BASE: 'https://crm.example', TOKEN: 'tok_1' }, http: [{ status: 200 }] });
    await new FlowEngine({ ports: ok.ports }).start(params(d));
    expect(ok.requests.map((r) => r.url)).toEqual(['https://crm.example/orders/JOIN']);
    // the probe: a base without a trailing path lets "@127.0.0.2:18081/x" become the host
    const hostile = fakeHost({ secrets: { API_BASE: 'https://crm.example', TOKEN: 'tok_1' }, http: [{ status: 200 }] });
    const p = params(def({ ...d, nodes: [trigger, { ...d.nodes[1]!, config: { ...(d.nodes[1]!.config as object), url: '{{ secrets.API_BASE }}{{ message.text }}' } } as never] }));
    p.message = { ...p.message!, text: '@127.0.0.2:18081/x' };
    const { events } = await new FlowEngine({ ports: hostile.ports }).start(p);
    expect(hostile.requests).toHaveLength(0);
    expect(JSON.stringify(events)).toMatch(/does not stay on the host of secret \\"API_BASE\\"/);
    expect(JSON.stringify(events)).not.toContain('tok_1');
  });

  it('sends a secret only to the hosts it is bound to, and says why in the run log otherwise', async () => {
    const lookup = (url: string) => def({
      nodes: [trigger, { id: 'api', type: 'lookup', config: { kind: 'http', url, headers: { Authorization: 'Basic {{ $base64encode("u:" & secrets.TOKEN) }}' }, retries: 0 } }],
      edges: [edge('start', 'api')],
    });
    const bound = { TOKEN: { value: 'tok_bound_1', hosts: ['crm.example.com', '*.partner.example'] } };
    for (const url of ['https://CRM.example.com/x', 'https://eu.partner.example/y']) {
      const ok = fakeHost({ secrets: bound, http: [{ status: 200 }] });
      await new FlowEngine({ ports: ok.ports }).start(params(lookup(url)));
      expect(ok.requests.map((r) => r.headers['Authorization'])).toEqual([`Basic ${Buffer.from('u:tok_bound_1').toString('base64')}`]);
    }
    // the probe: the same header sent to an echo service, whose answer a mapping would copy into vars
    for (const url of ['https://echo.example/anything', 'https://partner.example/apex', 'https://crm.example.com.evil.example/x', 'https://{{ message.text }}.partner.example/x']) {
      const host = fakeHost({ secrets: bound, http: [{ status: 200, body: { echoed: 'tok_bound_1' } }] });
      const p = params(lookup(url));
      p.message = { ...p.message!, text: 'evil.example/x?' };
      const { events } = await new FlowEngine({ ports: host.ports }).start(p);
      expect(host.requests, url).toHaveLength(0);
      const left = events.find((e) => e.type === 'step_left' && e.nodeId === 'api');
      expect(left, url).toMatchObject({ handle: 'failure', reason: expect.stringMatching(/^request not sent: secret "TOKEN" may only be sent to crm\.example\.com, \*\.partner\.example, not /) });
    }
    const unbound = fakeHost({ secrets: { TOKEN: { value: 'tok_2', hosts: [] } }, http: [{ status: 200 }] });
    const { events } = await new FlowEngine({ ports: unbound.ports }).start(params(lookup('https://crm.example.com/x')));
    expect(unbound.requests).toHaveLength(0);
    expect(JSON.stringify(events)).toContain('secret \\"TOKEN\\" is not bound to any host');
  });

  it('does not retry a request the port refused (e.g. an SSRF guard)', async () => {
    const host = fakeHost({ http: [{ error: 'refused' }, { status: 200 }] });
    const engine = new FlowEngine({ ports: host.ports });
    const d = def({ nodes: [trigger, { id: 'api', type: 'lookup', config: { kind: 'http', url: 'http://10.0.0.1/' } }], edges: [edge('start', 'api')] });
    const { events } = await engine.start(params(d));
    expect(host.requests).toHaveLength(1);
    expect(events.find((e) => e.type === 'step_left' && e.nodeId === 'api')).toMatchObject({ handle: 'failure' });
  });

  it('fails clearly on broken graphs and on an expression that runs too long', async () => {
    const host = fakeHost();
    const engine = new FlowEngine({ ports: host.ports, limits: { expressionTimeoutMs: 20 } });
    const noTrigger = await engine.start(params(def({ nodes: [{ id: 'e', type: 'end', config: {} }], edges: [] })));
    expect(noTrigger.state.error).toEqual({ nodeId: null, message: 'the flow has no trigger node' });

    // the schema checks shape only; graph checks live in flow-spec validation, the engine must still cope
    const dangling = await engine.start(params(def({ nodes: [trigger], edges: [edge('start', 'ghost')] })));
    expect(dangling.state.error?.message).toBe('the edge from node "start" handle "next" points to missing node "ghost"');

    const slow = def({
      nodes: [trigger, { id: 'busy', type: 'set', config: { assignments: [{ target: 'vars.x', expression: '($f := function($n){ $f($n + 1) }; $f(0))' }] } }],
      edges: [edge('start', 'busy')],
    });
    const timedOut = await engine.start(params(slow));
    expect(timedOut.state.error?.nodeId).toBe('busy');
    expect(timedOut.state.error?.message).toMatch(/^node "busy" \(set\): config\.assignments\[0\]\.expression `\(\$f := .*`: D1012: Evaluation timeout after 20 milliseconds/);
  });

  it('fails a resumed run whose waiting node is gone from the definition', async () => {
    const host = fakeHost();
    const engine = new FlowEngine({ ports: host.ports });
    const d = def({ nodes: [trigger, { id: 'w', type: 'wait', config: { timeoutSeconds: 60 } }], edges: [edge('start', 'w')] });
    const { state } = await engine.start(params(d));
    const other = def({ nodes: [trigger], edges: [] });
    const resumed = await engine.resume(other, state, { kind: 'timeout' });
    expect(resumed.state.status).toBe('failed');
    expect(resumed.state.error?.message).toBe('node "w" the run waits at is not in this flow version');
  });
});
