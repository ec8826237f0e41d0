import fc from 'fast-check';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { BAIL, compileFastPath } from './fast-path';

/** Fast path result, or BAIL when it declines (or null when the expression is outside the subset). */
function fast(src: string, input: unknown): unknown {
  const f = compileFastPath(jsonata(src).ast());
  if (!f) return null;
  try {
    return f(input);
  } catch (err) {
    if (err === BAIL) return BAIL;
    throw err;
  }
}

const ctx = {
  message: { text: 'JOIN now', from: '+1555' },
  contact: { name: 'Ada', fields: { city: 'Paris', age: 36, vip: true, tags: ['a', 'b'], nested: { n: 0 } } },
  vars: { total: 12, half: 0.5, empty: '', zero: 0, nil: null },
};

describe('fast path subset', () => {
  it.each([
    ['message.text', 'JOIN now'],
    ['contact.fields.city', 'Paris'],
    ['contact.fields.nope.deeper', undefined],
    ['"a" & contact.name & vars.total', 'aAda12'],
    ['vars.total > 10 ? "big" : "small"', 'big'],
    ['vars.empty ? 1 : 2', 2],
    ['vars.zero or vars.nil', false],
    ['vars.total * 2 + 1', 25],
    ['{ "a": contact.name, "b": contact.fields.nope }', { a: 'Ada' }],
    ['vars.total = 12 and contact.fields.vip', true],
    ['contact.fields.nope = 1', false],
  ])('%s', (src, want) => {
    expect(fast(src, ctx)).toEqual(want);
  });

  it('declines arrays, functions, predicates and variables rather than guessing JSONata semantics', () => {
    expect(fast('contact.fields.tags', ctx)).toBe(BAIL);
    expect(fast('vars.half & ""', ctx)).toBe(BAIL); // JSONata formats non-integers its own way
    expect(fast('$uppercase(contact.name)', ctx)).toBeNull();
    expect(fast('contact.fields[city="Paris"]', ctx)).toBeNull();
    expect(fast('$x', ctx)).toBeNull();
  });

  it('agrees with jsonata on every expression of the subset it accepts (property)', async () => {
    const leaf = fc.constantFrom(
      'message.text', 'contact.name', 'contact.fields.city', 'contact.fields.age', 'contact.fields.vip',
      'contact.fields.nested', 'contact.fields.tags', 'vars.total', 'vars.half', 'vars.empty', 'vars.zero', 'vars.nil',
      'vars.missing', '"x"', '""', '0', '3', '2.5', 'true', 'false', 'null',
    );
    const expr = fc.letrec<{ e: string }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.tuple(tie('e'), fc.constantFrom('&', '=', '!=', '<', '>=', 'and', 'or', '+', '*', '-'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, t, e]) => `(${c} ? ${t} : ${e})`),
        fc.tuple(tie('e'), tie('e')).map(([a, b]) => `{"k": ${a}, "l": ${b}}`),
      ),
    })).e;
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(expr, async (src) => {
        const got = fast(src, ctx);
        if (got === BAIL || got === null) return;
        let want: unknown;
        try {
          want = await jsonata(src).evaluate(ctx);
        } catch {
          throw new Error(`fast path returned ${JSON.stringify(got)} where jsonata throws for ${src}`);
        }
        compared++;
        expect(JSON.parse(JSON.stringify({ v: got })), src).toEqual(JSON.parse(JSON.stringify({ v: want })));
      }),
      { numRuns: 1500 },
    );
    expect(compared).toBeGreaterThan(300);
  });
});
