import { describe, expect, it } from 'vitest';
import { flowDefinitionSchema } from './definition';

describe('flowDefinitionSchema', () => {
  it('applies defaults to a minimal trigger → reply flow', () => {
    const def = flowDefinitionSchema.parse({
      specVersion: 1,
      nodes: [
        { id: 'start', type: 'trigger', config: { keywords: ['JOIN'] } },
        { id: 'ask', type: 'reply', config: { text: 'Hi!' } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'ask' }],
    });
    const trigger = def.nodes[0];
    expect(trigger?.type === 'trigger' && trigger.config.match).toBe('first_word');
    expect(def.edges[0]?.sourceHandle).toBe('next');
  });

  it('rejects an unknown node type', () => {
    const r = flowDefinitionSchema.safeParse({ specVersion: 1, nodes: [{ id: 'x', type: 'nope', config: {} }], edges: [] });
    expect(r.success).toBe(false);
  });
});
