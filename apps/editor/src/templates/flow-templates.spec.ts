import { describe, expect, it } from 'vitest';
import { validateFlow } from '@moflow/flow-spec';
import { flowTemplates } from './flow-templates';

describe('flow templates', () => {
  it('cover the six use cases marketers start from', () => {
    expect(flowTemplates.map((t) => t.id)).toEqual([
      'keyword-opt-in', 'appointment-confirmation', 'support-ticket', 'feedback-survey', 'lead-capture', 'order-status',
    ]);
  });

  it.each(flowTemplates.map((t) => [t.name, t] as const))('%s validates clean with the flow-spec validator', (_name, t) => {
    const r = validateFlow(t.definition);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
  });
});
