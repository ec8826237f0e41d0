import { describe, expect, it } from 'vitest';
import { nodeTypes } from '../definition';
import { validateFlow } from '../validate/validate-flow';
import { sampleFlows } from './index';

describe('sampleFlows', () => {
  it.each(sampleFlows.map((s) => [s.key, s] as const))('%s validates clean: no error, no warning', (_key, sample) => {
    const r = validateFlow(sample.definition);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.definition?.nodes.length).toBe(sample.definition.nodes.length);
  });

  it('have unique keys and together use every node type (each type has a fixture)', () => {
    expect(new Set(sampleFlows.map((s) => s.key)).size).toBe(sampleFlows.length);
    const used = new Set(sampleFlows.flatMap((s) => s.definition.nodes.map((n) => n.type)));
    expect([...nodeTypes].filter((t) => !used.has(t))).toEqual([]);
  });

  it('include the JOIN demo: trigger JOIN → lookup → reply → wait → match YES/NO', () => {
    const demo = sampleFlows.find((s) => s.key === 'join-demo');
    const def = validateFlow(demo?.definition).definition;
    const trigger = def?.nodes.find((n) => n.type === 'trigger');
    expect(trigger?.type === 'trigger' && trigger.config.keywords).toContain('JOIN');
    const next = (id: string, handle = 'next') => def?.edges.find((e) => e.source === id && e.sourceHandle === handle)?.target;
    const typeOf = (id: string | undefined) => def?.nodes.find((n) => n.id === id)?.type;
    const lookup = next(trigger?.id ?? '');
    expect(typeOf(lookup)).toBe('lookup');
    const reply = next(lookup ?? '', 'success');
    expect(typeOf(reply)).toBe('reply');
    const wait = next(reply ?? '');
    expect(typeOf(wait)).toBe('wait');
    expect(typeOf(next(wait ?? '', 'reply'))).toBe('match');
  });
});
