import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { damerauLevenshtein } from './index';

/** Textbook full-matrix optimal string alignment distance, as the reference. */
function reference(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      const row = d[i]!;
      const up = d[i - 1]!;
      row[j] = Math.min(up[j]! + 1, row[j - 1]! + 1, up[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[x.length]![y.length]!;
}

describe('damerauLevenshtein', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['join', 'join', 0],
    ['join', 'jion', 1],
    ['subscribe', 'subscirbe', 1],
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3],
    ['abcdef', 'badcfe', 3],
    ['👍🏾', '👍🏻', 1],
    ['café', 'cafe', 1],
  ])('%j vs %j = %i', (a, b, expected) => {
    expect(damerauLevenshtein(a, b)).toBe(expected);
    expect(damerauLevenshtein(b, a)).toBe(expected);
  });

  it('stops at max and reports max + 1', () => {
    expect(damerauLevenshtein('kitten', 'sitting', 1)).toBe(2);
    expect(damerauLevenshtein('a', 'abcdefgh', 2)).toBe(3);
    expect(damerauLevenshtein('abc', 'abd', 1)).toBe(1);
  });

  it('agrees with the full-matrix reference, with and without max', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'é', '👍'), maxLength: 12 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 4 }), (a, b, max) => {
        const d = reference(a, b);
        expect(damerauLevenshtein(a, b)).toBe(d);
        expect(damerauLevenshtein(a, b, max)).toBe(Math.min(d, max + 1));
      }),
      { numRuns: 500 },
    );
  }, 60_000);

  it('handles strings longer than its reused buffers', () => {
    const a = 'x'.repeat(300);
    expect(damerauLevenshtein(a, `${a}y`)).toBe(1);
    expect(damerauLevenshtein('ab', 'ba')).toBe(1);
  });
});
