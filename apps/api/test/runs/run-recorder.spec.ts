import type { RunEvent } from '@moflow/flow-engine';
import { describe, expect, it } from 'vitest';
import { firstDiff } from '../../src/simulation/flow-test.runner';
import { eventToStep, nodeStatIncrements, scrubSecrets } from '../../src/pipeline/run-recorder';

const base = { at: 1_700_000_000_000, runId: 'r1' };

describe('eventToStep', () => {
  it('puts columns in columns and the rest in data', () => {
    const step = eventToStep({ ...base, type: 'reply_queued', nodeId: 'n1', messageId: 'm1', text: 'Hi', encoding: 'GSM-7', segments: 1 }, 3);
    expect(step).toMatchObject({ runId: 'r1', seq: 3, type: 'reply_queued', nodeId: 'n1', handle: null, error: null, at: base.at });
    expect(step.data).toEqual({ messageId: 'm1', text: 'Hi', encoding: 'GSM-7', segments: 1 });
  });

  it('records failures as errors, and wait outcomes as reasons', () => {
    expect(eventToStep({ ...base, type: 'run_failed', nodeId: 'x', message: 'boom' }, 0)).toMatchObject({ error: 'boom', nodeId: 'x' });
    expect(eventToStep({ ...base, type: 'step_left', nodeId: 'x', nodeType: 'set', handle: null, reason: 'failed: bad expr', durationMs: 2.6 }, 0))
      .toMatchObject({ error: 'bad expr', durationMs: 3 });
    expect(eventToStep({ ...base, type: 'lookup_attempt', nodeId: 'l', method: 'GET', url: 'https://x', status: null, error: 'refused', durationMs: 1, attempt: 1 }, 0))
      .toMatchObject({ error: 'refused', data: { method: 'GET', url: 'https://x', status: null, attempt: 1 } });
    expect(eventToStep({ ...base, type: 'wait_ended', nodeId: 'w', outcome: 'timeout' }, 0)).toMatchObject({ reason: 'the wait timed out' });
  });
});

describe('nodeStatIncrements', () => {
  it('counts visits and real exits, not the suspend of a wait', () => {
    const events: RunEvent[] = [
      { ...base, type: 'step_entered', nodeId: 'a', nodeType: 'trigger' },
      { ...base, type: 'step_left', nodeId: 'a', nodeType: 'trigger', handle: 'next', reason: '', durationMs: 0 },
      { ...base, type: 'step_entered', nodeId: 'w', nodeType: 'wait' },
      { ...base, type: 'step_left', nodeId: 'w', nodeType: 'wait', handle: null, reason: 'waiting', durationMs: 0 },
      { ...base, type: 'step_left', nodeId: 'w', nodeType: 'wait', handle: 'reply', reason: '', durationMs: 0 },
      { ...base, type: 'step_entered', nodeId: 'b', nodeType: 'set' },
      { ...base, type: 'step_left', nodeId: 'b', nodeType: 'set', handle: null, reason: 'failed: x', durationMs: 0 },
    ];
    expect([...nodeStatIncrements(events).values()]).toEqual([
      { nodeId: 'a', handle: '', count: 1 }, { nodeId: 'a', handle: 'next', count: 1 }, { nodeId: 'w', handle: '', count: 1 },
      { nodeId: 'w', handle: 'reply', count: 1 }, { nodeId: 'b', handle: '', count: 1 }, { nodeId: 'b', handle: 'error', count: 1 },
    ]);
  });
});

describe('scrubSecrets', () => {
  it('replaces every occurrence at any depth, longest first, and leaves other values alone', () => {
    const value = { a: 'Bearer abc123', b: ['x abc123 y abc'], c: { d: 'abc1234' }, n: 5, z: null };
    expect(scrubSecrets(value, new Set(['abc', 'abc123']))).toEqual({ a: 'Bearer [secret]', b: ['x [secret] y [secret]'], c: { d: '[secret]4' }, n: 5, z: null });
    expect(scrubSecrets(value, new Set())).toBe(value);
  });
});

describe('firstDiff', () => {
  it('names the first differing reply', () => {
    expect(firstDiff([{ text: 'a' }, { text: '^b\\d$', match: 'pattern' }], ['a', 'b7'])).toBeNull();
    expect(firstDiff([{ text: 'a' }], ['a', 'extra'])).toBe('reply 2: expected no more replies, got "extra"');
    expect(firstDiff([{ text: '^b$', match: 'pattern' }], ['c'])).toBe('reply 1: "c" does not match /^b$/');
    expect(firstDiff([{ text: '(', match: 'pattern' }], ['c'])).toMatch(/^expect\[0\]\.text: \/\(\/ cannot be used: regex does not compile/);
    expect(firstDiff([{ text: '(a)\\1', match: 'pattern' }], ['aa'])).toMatch(/cannot be used: .*backreference/);
    // the probe's pattern on a long reply answers at once (linear-time engine)
    expect(firstDiff([{ text: '^(\\w+\\s?){1,10}$', match: 'pattern' }], [`NAME ${'a'.repeat(5000)}!`])).toMatch(/does not match/);
  });
});
