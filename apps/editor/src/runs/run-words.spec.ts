import { describe, expect, it } from 'vitest';
import type { RunStepDto, RunSummaryDto } from '@moflow/api-contract';
import type { FlowDefinition } from '@moflow/flow-spec';
import { normaliseDefinition } from '../utils/normalise-definition';
import { liveMatch } from './run-filters';
import { buildTimeline, edgesTaken, eventWords, handleName, lastFailedLookup, nodeName, pathOf } from './run-words';

const def: FlowDefinition = normaliseDefinition({
  specVersion: 1,
  nodes: [
    { id: 'start', type: 'trigger', config: { keywords: ['JOIN'] } },
    { id: 'crm', type: 'lookup', label: 'Find customer', config: { kind: 'http', url: 'https://crm.example.com' } },
    { id: 'r1', type: 'reply', config: { text: 'a' } },
    { id: 'r2', type: 'reply', config: { text: 'b' } },
    { id: 'ask', type: 'wait', config: { timeoutSeconds: 60 } },
  ],
  edges: [],
});

let seq = 0;
const step = (p: Partial<RunStepDto>): RunStepDto => ({
  seq: seq++, nodeId: null, nodeType: null, type: 'step_entered', handle: null, reason: null, input: null, output: null, durationMs: null,
  error: null, at: '2026-01-01T10:00:00.000Z', data: {}, ...p,
});

describe('run words', () => {
  it('names nodes by label, else by kind numbered among its kind, never a bare id', () => {
    expect(nodeName(def, 'crm')).toBe('Find customer');
    expect(nodeName(def, 'start')).toBe('Start');
    expect(nodeName(def, 'r2')).toBe('R2');
    expect(nodeName(def, 'gone')).toBe('gone');
    expect(handleName(def, 'crm', 'failure')).not.toBe('');
    expect(handleName(def, 'ask', 'timeout')?.toLowerCase()).toContain('timeout'.slice(0, 4));
  });

  it('groups steps into node visits, keeps a wait open across its resume, and finds the failed lookup', () => {
    const steps = [
      step({ type: 'run_started', data: { trigger: { kind: 'keyword', keyword: 'JOIN' } } }),
      step({ type: 'step_entered', nodeId: 'crm', nodeType: 'lookup' }),
      step({ type: 'lookup_attempt', nodeId: 'crm', durationMs: 12, data: { attempt: 1, method: 'GET', url: 'https://crm.example.com', status: 503 } }),
      step({ type: 'step_left', nodeId: 'crm', nodeType: 'lookup', handle: 'failure', reason: 'HTTP 503 on first attempt: not 2xx' }),
      step({ type: 'step_entered', nodeId: 'ask', nodeType: 'wait' }),
      step({ type: 'step_left', nodeId: 'ask', nodeType: 'wait', handle: null, reason: 'waiting up to 60s for a reply' }),
      step({ type: 'run_resumed', data: { reason: 'reply' } }),
      step({ type: 'wait_ended', nodeId: 'ask', data: { outcome: 'reply', text: 'yes' } }),
      step({ type: 'step_left', nodeId: 'ask', nodeType: 'wait', handle: 'reply', reason: 'reply received' }),
    ];
    const t = buildTimeline(steps);
    expect(t.map((e) => (e.kind === 'node' ? `node:${e.nodeId}:${e.left?.handle ?? '-'}` : `run:${e.step.type}`)))
      .toEqual(['run:run_started', 'node:crm:failure', 'node:ask:reply']);
    expect(pathOf(steps)).toEqual(['crm', 'ask']);
    const withEdges = { ...def, edges: [{ id: 'e1', source: 'crm', sourceHandle: 'failure', target: 'ask' }, { id: 'e2', source: 'crm', sourceHandle: 'success', target: 'r1' }] };
    expect(edgesTaken(withEdges, steps)).toEqual(['e1']);
    const crm = t[1];
    expect(crm?.kind === 'node' && eventWords(crm.events[0]!)).toBe('Attempt 1: GET https://crm.example.com → HTTP 503 in 12 ms');
    const ask = t[2];
    expect(ask?.kind === 'node' && ask.events.map(eventWords)).toEqual(['waiting up to 60s for a reply', 'Resumed by a reply', 'The contact replied: “yes”']);
    expect(lastFailedLookup(steps)?.reason).toContain('HTTP 503');
    expect(lastFailedLookup([...steps, step({ type: 'step_left', nodeType: 'lookup', nodeId: 'crm', handle: 'success' })])).toBeNull();
  });

  it('decides which live runs belong on the page, and says when it cannot tell', () => {
    const run = { id: 'r', flowId: 'f1', flowVersion: 2, status: 'failed', contactPhone: '+447700900123', contactId: 'c', channelId: 'ch',
      error: 'boom', startedAt: '2026-01-01T10:00:00.000Z' } as RunSummaryDto;
    expect(liveMatch(run, {})).toBe(true);
    expect(liveMatch(run, { flowId: 'f2' })).toBe(false);
    expect(liveMatch(run, { contact: '07700 900123' })).toBe(true);
    expect(liveMatch(run, { contact: '07700 900124' })).toBe(false);
    expect(liveMatch(run, { errorsOnly: 'true', status: 'failed' })).toBe(true);
    expect(liveMatch(run, { from: '2026-01-02T00:00:00.000Z' })).toBe(false);
    expect(liveMatch(run, { text: 'hello' })).toBeNull();
  });
});
