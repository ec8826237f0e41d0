import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRegex, compileLinearRegex, type LinearRegex } from './linear-regex';

function compiled(pattern: string, flags?: string): LinearRegex {
  const r = compileLinearRegex(pattern, flags);
  if (!r.ok) throw new Error(r.message);
  return r.regex;
}

// The probe's patterns: each validated under the old heuristic and froze the process on a short SMS.
const catastrophic = ['^(\\w+\\s?){1,10}$', '(.*){10}#', '(\\d+){2,10}x', '(a+)+$', '^(\\w+\\s?)*$', '(a|a)*b', '(x+x+)+y'];

describe('compileLinearRegex', () => {
  it.each(catastrophic)('runs %s over 100,000 characters of hostile text and answers correctly', (pattern) => {
    // A backtracking engine needs more than 2^30 steps for any of these from ~30 characters on: the
    // test would not finish. The linear engine reads the text a bounded number of times.
    const re = compiled(pattern);
    for (const text of [`NAME ${'a'.repeat(100_000)}!`, `${'1'.repeat(100_000)}!`, `${'x'.repeat(100_000)}!`]) expect(re.exec(text)).toBeNull();
  });

  it.each([
    ['^(\\w+\\s?){1,10}$', 'NAME Alice', 'NAME Alice'],
    ['(.*){10}#', 'order #12', 'order #'],
    ['(\\d+){2,10}x', 'ref 1234x', '1234x'],
    ['(a+)+$', 'baaa', 'aaa'],
  ])('still matches ordinary text with %s', (pattern, text, match) => {
    expect(compiled(pattern).exec(text)?.[0]).toBe(match);
  });

  it.each(catastrophic)('reads each character of the text a bounded number of times with %s', (pattern) => {
    // The engine reads text through charCodeAt: count the reads instead of timing the match.
    let reads = 0;
    class CountingString extends String {
      override charCodeAt(index: number): number {
        reads++;
        return super.charCodeAt(index);
      }
    }
    const re = compiled(pattern);
    const perChar = [1_000, 4_000, 16_000].map((n) => {
      reads = 0;
      const text = `NAME ${'a'.repeat(n)} ${'1'.repeat(n)}!`;
      re.exec(new CountingString(text) as unknown as string);
      return reads / text.length;
    });
    // linear: at most a constant number of reads per character at every size (RE2 picks a
    // different matcher by size, so the constant varies; a backtracking engine's grows exponentially)
    for (const r of perChar) expect(r).toBeLessThanOrEqual(64);
  });

  it('returns native-shaped matches: index, numbered and named groups, unmatched groups undefined', () => {
    const m = compiled('(?<prefix>[a-z]+)-(?<id>\\d+)(x)?').exec('Order #AB-991 is late');
    expect(m?.[0]).toBe('AB-991');
    expect(m?.index).toBe(7);
    expect([...(m ?? [])]).toEqual(['AB-991', 'AB', '991', undefined]);
    expect(m?.groups).toEqual({ prefix: 'AB', id: '991' });
  });

  it('searches from a UTF-16 index and reports UTF-16 indexes past astral characters', () => {
    const re = compiled('\\d+');
    const text = '😀 12 😀 34';
    expect(re.exec(text)?.index).toBe(3);
    expect(re.exec(text, 5)?.[0]).toBe('34');
    expect(re.exec(text, 5)?.index).toBe(text.indexOf('34'));
  });

  it('accepts JavaScript syntax: \\u escapes, named groups, Unicode classes, case-insensitive by default', () => {
    expect(compiled('caf\\u00e9').test('CAFÉ')).toBe(true);
    expect(compiled('\\u{1F600}').test('hi 😀')).toBe(true);
    expect(compiled('\\p{L}+').exec('¿Qué?')?.[0]).toBe('Qué');
    expect(compiled('^order\\b').test('ORDER 12')).toBe(true);
    expect(compiled('^order\\b', 'u').test('ORDER 12')).toBe(false);
  });

  it.each([
    ['(a)\\1', 'backreference', /backreference .*linear time/],
    ["(?<q>['\"]).*\\k<q>", 'backreference', /backreference/],
    ['(?=.*\\d)\\w+', 'lookaround', /lookahead or lookbehind/],
    ['(?<!x)y', 'lookaround', /lookahead or lookbehind/],
    ['(', 'invalid', /^regex does not compile: .*Unterminated group/],
    ['a{2,1}', 'invalid', /does not compile/],
    ['a'.repeat(501), 'too_long', /at most 500/],
  ])('refuses %s as %s with a clear message', (pattern, kind, message) => {
    const r = checkRegex(pattern);
    expect(r).toMatchObject({ ok: false, kind });
    expect(!r.ok && r.message).toMatch(message);
  });

  it('finds the same first match as a native regex on ordinary patterns and texts', () => {
    const atoms = ['a', 'b', '\\d', '\\w', '\\s', '.', '[a-c]', '[^,]', ',', '1'];
    const tokens = [...atoms, '(', '(?:', ')', '|', '*', '+', '?', '{2}', '{1,3}', '^', '$', '\\b'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 10 }), fc.stringMatching(/^[ab1, c]{0,12}$/), (parts, text) => {
        const pattern = parts.join('');
        let native: RegExp;
        try {
          native = new RegExp(pattern, 'iu');
        } catch {
          return; // not a regex at all: refused as 'invalid', covered above
        }
        const linear = compileLinearRegex(pattern);
        if (!linear.ok) return; // RE2 rejects a few JS oddities such as `a**`, with a message
        expect(linear.regex.exec(text)?.[0]).toBe(native.exec(text)?.[0]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('program size cap (MAX_REGEX_PROGRAM)', () => {
  it('refuses patterns whose counted repetitions make every character expensive, and says what to change', () => {
    for (const p of ['(a|aa|\\w){1,1000}!$', '^([a-z]+[ ]?){1,1000}$', '^((\\w+\\s?){1,30}){1,30}$', '^(\\w+\\s?){1,100}$', '^(\\w+\\s?){1,34}$', '(\\w+){1,30}$']) {
      const r = checkRegex(p);
      expect(r.ok, p).toBe(false);
      if (!r.ok) {
        expect(r.kind).toBe('too_costly');
        expect(r.message).toMatch(/regex compiles to \d+ matching steps per character, more than the 120 allowed .*lower counted repetitions/);
      }
    }
  });

  it('keeps everyday patterns and the probe patterns (linear, and small)', () => {
    for (const p of ['^(\\w+\\s?){1,10}$', '(.*){10}#', '(\\d+){2,10}x', 'order\\s*#?(\\d{4,8})', '^[A-Z0-9._%+-]+@[A-Z0-9.-]+\\.[A-Z]{2,}$', '\\b(yes|y|yeah|yep|sure|ok|okay)\\b', '(\\w+){1,23}$', '^\\+?\\d{10,15}$'])
      expect(checkRegex(p), p).toEqual({ ok: true });
  });
});
