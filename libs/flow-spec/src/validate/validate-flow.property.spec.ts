import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleFlows } from '../samples';
import { validateFlow } from './validate-flow';

type Json = unknown;

/** Replaces the value at a random path of `value` with `replacement` (returns a new object). */
function mutate(value: Json, choices: number[], replacement: Json): Json {
  if (choices.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const [choice, ...rest] = choices as [number, ...number[]];
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement;
    const i = choice % value.length;
    return value.map((v, k) => (k === i ? mutate(v, rest, replacement) : v));
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[choice % keys.length] as string;
  return { ...(value as Record<string, Json>), [key]: mutate((value as Record<string, Json>)[key], rest, replacement) };
}

function wellFormed(problems: ReturnType<typeof validateFlow>['problems']): void {
  for (const p of problems) {
    expect(typeof p.path).toBe('string');
    expect(p.message.length).toBeGreaterThan(0);
    expect(p.message).not.toMatch(/undefined|\[object Object\]/);
    expect(['error', 'warning']).toContain(p.severity);
  }
}

describe('validateFlow (properties)', () => {
  it('never throws on arbitrary JSON and always explains a refusal', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const r = validateFlow(value);
        expect(r.ok).toBe(false);
        expect(r.problems.some((p) => p.severity === 'error')).toBe(true);
        wellFormed(r.problems);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws when any part of a real flow is replaced by arbitrary JSON, and ok means no error', () => {
    const flows = sampleFlows.map((s) => s.definition as Json);
    fc.assert(
      fc.property(
        fc.constantFrom(...flows),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.oneof(fc.jsonValue(), fc.constantFrom('', '{{', '(a+)+', 'x'.repeat(5000), -1, null)),
        (flow, choices, replacement) => {
          const r = validateFlow(mutate(flow, choices, replacement));
          wellFormed(r.problems);
          expect(r.ok).toBe(r.problems.every((p) => p.severity !== 'error'));
        },
      ),
      { numRuns: 500 },
    );
  });
});
