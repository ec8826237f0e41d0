import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '@moflow/flow-spec';
import { analyticsOverlay, percent } from './analytics-overlay';

const def = {
  specVersion: 1,
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: {} },
    { id: 'ask', type: 'wait', position: { x: 0, y: 100 }, config: {} },
    { id: 'late', type: 'reply', position: { x: 0, y: 200 }, config: {} },
    { id: 'done', type: 'end', position: { x: 0, y: 300 }, config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' },
    { id: 'e2', source: 'ask', sourceHandle: 'timeout', target: 'late' },
  ],
} as unknown as FlowDefinition;

describe('analyticsOverlay', () => {
  it('puts visits, failures and drop-off on each step and the runs per connection on the edges', () => {
    const o = analyticsOverlay(def, {
      start: { visits: 1200, exits: { next: 1199, error: 1 }, dropOff: 0 },
      ask: { visits: 1199, exits: { reply: 900 }, dropOff: 299 },
      done: { visits: 1, exits: {}, dropOff: 1 },
    });
    expect(o.badges).toEqual({ start: '1,200 visits · 1 failed', ask: '1,199 visits · 299 stopped (25%)', late: 'no visits', done: '1 visit' });
    expect(o.edgeLabels).toEqual({ e1: '1,199', e2: '0' });
  });

  it('writes rates as percentages, and nothing as a dash', () => {
    expect(percent(0.4)).toBe('40%');
    expect(percent(0.025)).toBe('2.5%');
    expect(percent(0)).toBe('0%');
    expect(percent(null)).toBe('—');
  });
});
