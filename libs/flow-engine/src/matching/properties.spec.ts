import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allCases } from './cases';
import { typoLimit } from './compile';
import { damerauLevenshtein, matchText, normalize, tokenize } from './index';
import type { TextMatchSpec } from './types';

const WORD_MODES = new Set(['first_word', 'only_word', 'any_word', 'all_words', 'phrase', 'starts_with', 'exact']);
const wordCases = allCases.filter((c) => WORD_MODES.has(c.spec.mode) && c.text.trim() !== '');
const numberCases = allCases.filter((c) => c.spec.mode === 'number' || c.spec.mode === 'number_between');

/** Randomly upper- or lower-cases each character (only where that round-trips, so the text keeps its meaning). */
function recase(text: string, flips: boolean[]): string {
  let i = 0;
  let out = '';
  for (const ch of text) {
    const flip = flips[i++ % Math.max(flips.length, 1)] ?? false;
    const changed = flip ? ch.toUpperCase() : ch.toLowerCase();
    out += changed.toLowerCase() === ch.toLowerCase() && Array.from(changed).length === 1 ? changed : ch;
  }
  return out;
}

const padding = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '.', ',', '!', '?', '"', '(', ')', '¡', '¿', '…', '«', '»', '-', ':', ';', '\u00a0'), maxLength: 6 });
const flips = fc.array(fc.boolean(), { minLength: 1, maxLength: 16 });

function outcome(text: string, spec: TextMatchSpec) {
  const r = matchText(text, spec);
  return { matched: r.matched, value: r.value, matchedBy: r.matchedBy, number: r.number };
}

describe('matching properties', () => {
  it('case changes and surrounding punctuation/whitespace never change a word-mode result', () => {
    fc.assert(
      fc.property(fc.constantFrom(...wordCases), flips, padding, padding, (c, f, before, after) => {
        expect(outcome(`${before}${recase(c.text, f)}${after}`, c.spec)).toEqual(outcome(c.text, c.spec));
      }),
      { numRuns: 2000 },
    );
  }, 60_000);

  it('case changes and surrounding whitespace never change a number-mode result', () => {
    const spaces = fc.string({ unit: fc.constantFrom(' ', '\t', '\n'), maxLength: 4 });
    fc.assert(
      fc.property(fc.constantFrom(...numberCases), flips, spaces, spaces, (c, f, before, after) => {
        expect(outcome(`${before}${recase(c.text, f)}${after}`, c.spec)).toEqual(outcome(c.text, c.spec));
      }),
      { numRuns: 500 },
    );
  }, 60_000);

  it('case and surrounding punctuation never change random keyword matches', () => {
    const word = fc.string({ unit: fc.constantFrom(...'abcdeéïøxyzаоΣß'), minLength: 1, maxLength: 10 });
    const mode = fc.constantFrom(...(['first_word', 'only_word', 'any_word', 'all_words', 'phrase', 'starts_with', 'exact'] as const));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), fc.array(word, { minLength: 1, maxLength: 3 }), mode, fc.boolean(), flips, padding, padding,
        (words, values, m, typoTolerance, f, before, after) => {
          const spec: TextMatchSpec = { mode: m, values, typoTolerance };
          const text = words.join(' ');
          expect(outcome(`${before}${recase(text, f)}${after}`, spec)).toEqual(outcome(text, spec));
        }),
      { numRuns: 1000 },
    );
  }, 60_000);

  it('fuzzy never matches when the distance is over the limit, and always matches within it', () => {
    const word = fc.string({ unit: fc.constantFrom(...'abcdefghij'), minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(word, word, (message, keyword) => {
        const r = matchText(message, { mode: 'only_word', values: [keyword], typoTolerance: true });
        const d = damerauLevenshtein(message, keyword);
        const limit = typoLimit(keyword);
        if (d === 0) expect(r.matchedBy).toBe('exact');
        else if (d <= limit) expect(r.matchedBy).toBe('fuzzy');
        else expect(r.matched).toBe(false);
        if (keyword.length < 4 && d > 0) expect(r.matched).toBe(false);
        if (keyword.length < 9 && d > 1) expect(r.matched).toBe(false);
      }),
      { numRuns: 2000 },
    );
  }, 60_000);

  it('never fuzzy-matches a token containing a digit', () => {
    const code = fc.tuple(fc.string({ unit: fc.constantFrom(...'abcdefgh'), minLength: 4, maxLength: 10 }), fc.integer({ min: 0, max: 99 }));
    fc.assert(
      fc.property(code, code, ([wa, na], [wb, nb]) => {
        const message = `${wa}${na}`;
        const keyword = `${wb}${nb}`;
        const r = matchText(message, { mode: 'first_word', values: [keyword], typoTolerance: true });
        expect(r.matched).toBe(message === keyword);
      }),
      { numRuns: 1000 },
    );
  }, 60_000);

  it('never throws on arbitrary text, and matched results always say what matched', () => {
    const specs: TextMatchSpec[] = [
      { mode: 'first_word', values: ['JOIN', 'café', '👍🏾'], typoTolerance: true },
      { mode: 'all_words', values: ['join now'] },
      { mode: 'regex', pattern: '(?<n>\\d+)' },
      { mode: 'number_between', min: -10, max: 10 },
    ];
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), (g, b) => {
        for (const text of [g, b, `${g} join ${b}`]) {
          for (const spec of specs) {
            const r = matchText(text, spec);
            expect(typeof r.reason).toBe('string');
            if (r.matched) expect(r.value).toBeDefined();
          }
          expect(tokenize(text).every((t) => t.length > 0 && t.trim() === t)).toBe(true);
          expect(normalize(text)).toBe(normalize(normalize(text)));
        }
      }),
      { numRuns: 500 },
    );
  }, 60_000);
});
