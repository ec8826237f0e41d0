import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '@moflow/flow-spec';
import { normaliseDefinition } from './normalise-definition';
import { autoLayout } from './auto-layout';

const sizeCase = (id: string, label: string) => ({ id, label, mode: 'first_word', values: [id.slice(0, 1).toUpperCase()] });
const pizza = normaliseDefinition({
  specVersion: 1,
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: ['PIZZA'] } },
    { id: 'size', type: 'match', position: { x: 0, y: 0 }, config: { cases: [sizeCase('small', 'Small'), sizeCase('medium', 'Medium'), sizeCase('large', 'Large')] } },
    // Listed in an order unlike the handles', so the layout cannot just follow the array.
    { id: 'p_large', type: 'reply', position: { x: 0, y: 0 }, config: { text: 'L: $14' } },
    { id: 'p_other', type: 'reply', position: { x: 0, y: 0 }, config: { text: 'Sorry?' } },
    { id: 'p_small', type: 'reply', position: { x: 0, y: 0 }, config: { text: 'S: $8' } },
    { id: 'p_medium', type: 'reply', position: { x: 0, y: 0 }, config: { text: 'M: $11' } },
  ],
  edges: [
    { id: 'e0', source: 'start', sourceHandle: 'next', target: 'size' },
    { id: 'e3', source: 'size', sourceHandle: 'large', target: 'p_large' },
    { id: 'e4', source: 'size', sourceHandle: 'other', target: 'p_other' },
    { id: 'e1', source: 'size', sourceHandle: 'small', target: 'p_small' },
    { id: 'e2', source: 'size', sourceHandle: 'medium', target: 'p_medium' },
  ],
}) as FlowDefinition;

describe('autoLayout', () => {
  it('lays the targets of a match out left to right in the order of its outputs, so no edges cross', async () => {
    const laid = await autoLayout(pizza);
    const x = (id: string) => laid.nodes.find((n) => n.id === id)!.position.x;
    const y = (id: string) => laid.nodes.find((n) => n.id === id)!.position.y;
    expect([x('p_small'), x('p_medium'), x('p_large'), x('p_other')]).toEqual([...[x('p_small'), x('p_medium'), x('p_large'), x('p_other')]].sort((a, b) => a - b));
    expect(new Set([x('p_small'), x('p_medium'), x('p_large'), x('p_other')]).size).toBe(4);
    expect(y('start')).toBeLessThan(y('size'));
    expect(y('size')).toBeLessThan(y('p_small'));
  });
});
