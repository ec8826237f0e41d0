import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRegexSafety } from './regex-safety';

const atoms = ['a', 'b', '\\d', '\\w', '\\s', '.', '[a-c]', '[^,]', 'é', '\\p{L}'];
const tokens = [...atoms, '(', '(?:', '(?=', ')', '|', '*', '+', '?', '{2}', '{1,3}', '{2,}', '^', '$', '\\b', ',', '-'];

describe('checkRegexSafety (properties)', () => {
  it('never throws on any pattern, valid or not, and always answers ok or a known kind', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 16 }), (parts) => {
        const r = checkRegexSafety(parts.join(''));
        if (!r.ok) expect(['invalid', 'too_long', 'backreference', 'nested_quantifier', 'overlapping_alternation']).toContain(r.kind);
      }),
      { numRuns: 2000 },
    );
  });

  it('always rejects a repeated group around a repeated atom: (X+)+, (X*)*, (X+)*, (X+){11,}', () => {
    fc.assert(
      fc.property(fc.constantFrom(...atoms), fc.constantFrom('+', '*'), fc.constantFrom('+', '*', '{11,}', '{2,20}'), (atom, inner, outer) => {
        const r = checkRegexSafety(`^(${atom}${inner})${outer}$`);
        expect(r.ok).toBe(false);
      }),
    );
  });

  it('always rejects a repeated alternation of the same atom: (X|X)+', () => {
    fc.assert(
      fc.property(fc.constantFrom(...atoms), fc.constantFrom('+', '*'), (atom, q) => {
        expect(checkRegexSafety(`(${atom}|${atom})${q}$`)).toMatchObject({ ok: false, kind: 'overlapping_alternation' });
      }),
    );
  });

  it('accepts a repeated group whose repeated atom is closed by a disjoint separator: ([^,]+,)*', () => {
    fc.assert(
      fc.property(fc.constantFrom('\\d', '[a-c]', 'a', '\\p{L}'), fc.constantFrom(',', ';', '-', '\\s'), (atom, sep) => {
        expect(checkRegexSafety(`^(${atom}+${sep})*$`)).toEqual({ ok: true });
      }),
    );
  });
});
