import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SegmentedMessage } from 'sms-segments-calculator';
import { readSegmentsFile, segmentsSkipReason } from '../test/support/shared-data';
import { analyzeText, splitText } from './segments';
import { gsm7Septets } from './gsm7-charset';

interface Vector {
  body: string;
  testDescription?: string;
  desc?: string;
  encoding?: string;
  segments?: number;
  isGSM7?: boolean;
  nonGsm?: string[];
  unicodeScalars?: number;
}

const vectorsFile = readSegmentsFile<{ vectors: Record<string, Vector[]> }>('twilio_segment_test_vectors.json');
const vectors = vectorsFile?.vectors ?? {};

// Two vectors do not match their own bodies as stored in the JSON:
// - issue #18: '😀' + 69 ']' is 71 UTF-16 units, which cannot fit the 70 units of one UCS-2 segment
//   (the original test text must have been one ']' shorter); sms-segments-calculator also says 2.
// - issue #17: the body's 'é' was stored precomposed (3 code points, while the sibling vector says
//   the cluster has 4 scalars), so 'é́́' + 67 'a' is exactly 70 units, one segment.
// For these two the test asserts the count derived from the body and that the fixture's claim is
// the documented inconsistency, so a silent change in either the data or the code still fails.
const INCONSISTENT_VECTORS: Record<string, { expected: number; claimed: number }> = {
  'UCS2 with 69 GSM-extension chars (issue #18)': { expected: 2, claimed: 1 },
  'triple accent + 67 a': { expected: 1, claimed: 2 },
};

const allVectors = Object.entries(vectors).flatMap(([group, list]) =>
  list.map((v, i) => ({ group, name: v.testDescription ?? v.desc ?? `${group}[${i}]`, v })),
);

function assertSplitInvariants(text: string): string[] {
  const { parts } = splitText(text);
  const analysis = analyzeText(text);
  expect(parts.join('')).toBe(text);
  expect(parts).toHaveLength(analysis.segments);
  const cap = analysis.perSegment;
  parts.forEach((part, i) => {
    const size = analysis.encoding === 'GSM-7' ? gsm7Septets(part) : part.length;
    expect(size).toBeLessThanOrEqual(cap);
    const prev = i > 0 ? parts[i - 1] ?? '' : '';
    const last = prev.charCodeAt(prev.length - 1);
    const first = part.charCodeAt(0);
    const splitPair = last >= 0xd800 && last <= 0xdbff && first >= 0xdc00 && first <= 0xdfff;
    expect(splitPair, `surrogate pair split between parts ${i} and ${i + 1}`).toBe(false);
  });
  return parts;
}

describe.skipIf(!vectorsFile)(`analyzeText against the Twilio calculator vectors${vectorsFile ? '' : ` (${segmentsSkipReason})`}`, () => {
  it.each(allVectors)('$group: $name', ({ name, v }) => {
    const result = analyzeText(v.body);
    const odd = INCONSISTENT_VECTORS[name];
    if (odd) {
      expect(v.segments).toBe(odd.claimed);
      expect(result.segments).toBe(odd.expected);
      expect(new SegmentedMessage(v.body).segmentsCount).toBe(odd.expected);
      return;
    }
    if (v.encoding) expect(result.encoding).toBe(v.encoding);
    if (v.isGSM7 !== undefined) expect(result.encoding === 'GSM-7').toBe(v.isGSM7);
    if (v.segments !== undefined) expect(result.segments).toBe(v.segments);
    if (v.nonGsm) expect(result.nonGsmCharacters).toEqual(v.nonGsm);
    assertSplitInvariants(v.body);
  });
});

const digits = (n: number): string => Array.from({ length: n }, (_, i) => String((i + 1) % 10)).join('');

describe('boundaries', () => {
  it.each([
    [160, 1, 160], [161, 2, 153], [306, 2, 153], [307, 3, 153], [459, 3, 153], [460, 4, 153],
  ])('GSM-7 %i septets → %i segments of %i', (n, segments, perSegment) => {
    const r = analyzeText(digits(n));
    expect(r).toMatchObject({ encoding: 'GSM-7', segments, characters: n, perSegment, nonGsmCharacters: [] });
    assertSplitInvariants(digits(n));
  });

  it.each([
    [70, 1, 70], [71, 2, 67], [134, 2, 67], [135, 3, 67], [201, 3, 67], [202, 4, 67],
  ])('UCS-2 %i units → %i segments of %i', (n, segments, perSegment) => {
    const text = 'ж' + digits(n - 1);
    const r = analyzeText(text);
    expect(r).toMatchObject({ encoding: 'UCS-2', segments, characters: n, perSegment, nonGsmCharacters: ['ж'] });
    assertSplitInvariants(text);
  });

  it('counts escape characters as two septets', () => {
    expect(analyzeText('€'.repeat(80))).toMatchObject({ segments: 1, characters: 160 });
    expect(analyzeText('€'.repeat(81))).toMatchObject({ segments: 2, characters: 162 });
    expect(analyzeText('{}[]~^|\\\f€')).toMatchObject({ encoding: 'GSM-7', characters: 20 });
  });

  it.each(['€', '{'])('never splits %s across a part boundary', (esc) => {
    // 152 septets then the escape: it needs septets 153-154, so it must move whole to part 2.
    const text = digits(152) + esc + digits(10);
    const { parts } = splitText(text);
    expect(parts).toHaveLength(2);
    expect(parts[0]).toBe(digits(152));
    expect(parts[1]?.startsWith(esc)).toBe(true);
    // An escape that fits exactly (septets 152-153) stays in part 1.
    const fits = digits(151) + esc + digits(10);
    expect(splitText(fits).parts[0]).toBe(digits(151) + esc);
  });

  it('an escape pushed over the boundary can cost an extra part', () => {
    // 306 septets would fit two parts of 153, but the escape cannot start at septet 153 of part 1,
    // so part 2 gets 2 + 152 = 154 septets and a third part is needed: counting must agree.
    const text = digits(152) + '€' + digits(152);
    expect(gsm7Septets(text)).toBe(306);
    expect(analyzeText(text).segments).toBe(3);
    assertSplitInvariants(text);
  });

  it('never splits a surrogate pair at a UCS-2 boundary', () => {
    const text = 'ж' + digits(65) + '😀' + digits(10);
    const { parts } = splitText(text);
    expect(parts[0]).toBe('ж' + digits(65));
    expect(parts[1]?.startsWith('😀')).toBe(true);
    assertSplitInvariants(text);
  });

  it('keeps a flag (two code points) whole when that costs no extra part', () => {
    const text = 'ж' + digits(64) + '🇮🇹' + digits(20);
    const { parts } = splitText(text);
    expect(parts).toHaveLength(2);
    expect(parts[1]?.startsWith('🇮🇹')).toBe(true);
  });

  it('reports distinct non-GSM characters once each, surrogate pairs whole', () => {
    expect(analyzeText('más más 😀😀 ç').nonGsmCharacters).toEqual(['á', '😀', 'ç']);
  });

  it('handles the empty text', () => {
    expect(analyzeText('')).toMatchObject({ encoding: 'GSM-7', segments: 1, characters: 0 });
    expect(splitText('').parts).toEqual(['']);
  });
});

describe('properties', () => {
  const smsChars = fc.constantFrom(...'abc 123€{}[]|^~\\\nж😀🇮🇹👍🏾é\u0301'.split(/(?=.)/u));
  const smsText = fc.array(smsChars, { maxLength: 400 }).map((a) => a.join(''));

  it('split parts rejoin to the text, fit their capacity and match the segment count', () => {
    fc.assert(fc.property(smsText, (text) => { assertSplitInvariants(text); }), { numRuns: 300 });
  });

  it('holds for any UTF-16 string, lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => { assertSplitInvariants(text); }), { numRuns: 300 });
  });

  it('agrees with sms-segments-calculator when every grapheme is a single code point', () => {
    const simple = fc.array(fc.constantFrom(...'ab1 €{}|~ñÇçж😀'.split(/(?=.)/u)), { maxLength: 400 }).map((a) => a.join(''));
    fc.assert(fc.property(simple, (text) => {
      const ours = analyzeText(text);
      const theirs = new SegmentedMessage(text);
      expect(ours.encoding).toBe(theirs.encodingName);
      expect(ours.segments).toBe(theirs.segmentsCount);
    }), { numRuns: 300 });
  });

  // sms-segments-calculator keeps every grapheme cluster whole, so when a multi-code-point cluster
  // (flag, skin tone, combining accent) straddles a boundary it can need one more part than the
  // minimum. We count the minimum (what our own SMPP splitter sends; handsets reassemble before
  // rendering). Measured on 20,000 random texts: about 1% differ, always with us one part lower.
  it('never counts more parts than sms-segments-calculator, even with multi-code-point graphemes', () => {
    const any = fc.array(fc.constantFrom('a', '€', '{', 'ж', '😀', '🇮🇹', '👍🏾', 'é\u0301', '\n'), { maxLength: 300 }).map((a) => a.join(''));
    fc.assert(fc.property(any, (text) => {
      const ours = analyzeText(text);
      const theirs = new SegmentedMessage(text);
      expect(ours.encoding).toBe(theirs.encodingName);
      expect(ours.segments).toBeLessThanOrEqual(theirs.segmentsCount);
    }), { numRuns: 300 });
  });
});
