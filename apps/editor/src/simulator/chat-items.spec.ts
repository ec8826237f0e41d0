import { describe, expect, it } from 'vitest';
import type { RunEventDto } from '@moflow/api-contract';
import { normaliseDefinition } from '../utils/normalise-definition';
import { chatItems, failedLookups } from './chat-items';

const def = normaliseDefinition({ specVersion: 1, nodes: [
  { id: 'w', type: 'wait', label: 'Wait for size', config: { timeoutSeconds: 60 } },
  { id: 'l', type: 'lookup', label: 'Order status', config: { kind: 'http', url: 'https://x.test/o' } },
], edges: [] });
const ev = (type: string, extra: Record<string, unknown> = {}): RunEventDto => ({ type, at: '2026-01-01T00:00:00Z', ...extra });
const texts = (items: ReturnType<typeof chatItems>) => items.map((i) => (i.kind === 'message' ? `${i.message.direction}:${i.message.text}` : `note:${i.text}`));

describe('chatItems', () => {
  it('puts a "time passed" marker where the wait timed out, between the messages', () => {
    const items = chatItems({
      transcript: [{ direction: 'in', text: 'PIZZA' }, { direction: 'out', text: 'What size?' }, { direction: 'out', text: 'Too slow!' }],
      events: [ev('run_started'), ev('reply_queued', { nodeId: 'a' }), ev('wait_started', { nodeId: 'w' }), ev('run_resumed', { reason: 'timeout' }),
        ev('wait_ended', { nodeId: 'w', outcome: 'timeout' }), ev('reply_queued', { nodeId: 'b' })],
    }, def);
    expect(texts(items)).toEqual(['in:PIZZA', 'out:What size?',
      'note:⏱ Time passed: no reply came in time, so ‘Wait for size’ went on through Timeout.', 'out:Too slow!']);
  });

  it('says in the chat that a lookup failed, with the reason, and badges the step', () => {
    const events = [ev('run_started'), ev('step_left', { nodeId: 'l', nodeType: 'lookup', handle: 'failure', reason: 'HTTP 500' }), ev('reply_queued', { nodeId: 'r' })];
    const items = chatItems({ transcript: [{ direction: 'in', text: 'STATUS' }, { direction: 'out', text: 'Sorry' }], events }, def);
    expect(texts(items)).toEqual(['in:STATUS', 'note:Lookup ‘Order status’ failed (HTTP 500); the flow went on through Failure.', 'out:Sorry']);
    expect(items[1]).toMatchObject({ tone: 'error', nodeId: 'l' });
    expect(failedLookups(events)).toEqual({ l: 'Lookup failed' });
    expect(failedLookups([...events, ev('step_left', { nodeId: 'l', nodeType: 'lookup', handle: 'success' })])).toEqual({});
  });
});
