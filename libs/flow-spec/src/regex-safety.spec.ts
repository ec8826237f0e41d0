import { describe, expect, it } from 'vitest';
import { checkRegexSafety } from './regex-safety';

const safe = [
  '^yes$',
  '^\\d{5}$',
  '^(yes|no)$',
  '(yes|no)+',
  '^[A-Z]{2}\\d{6}$',
  '(\\d+,)*\\d+',
  '(,\\d+)*',
  '^(\\w+\\s)*\\w+$',
  '^(\\d{1,3}\\.){3}\\d{1,3}$',
  '^\\+?\\d{7,15}$',
  'order\\s*#?\\s*(\\d+)',
  '(?<code>[A-Z]{3})-\\d+',
  '^(?:stop|end|cancel)\\b',
  '\\p{L}+',
  'a{2,5}',
  '(a|b|c)*d',
  '^.*$',
  '(?=.*\\d)\\w+',
  '[{}]+',
];

const unsafe: Array<[string, string]> = [
  ['(a+)+', 'nested_quantifier'],
  ['(a+)+$', 'nested_quantifier'],
  ['(.*)*', 'nested_quantifier'],
  ['(a*)*b', 'nested_quantifier'],
  ['^(\\w+\\s?)*$', 'nested_quantifier'],
  ['(a*b*)*c', 'nested_quantifier'],
  ['(x+x+)+y', 'nested_quantifier'],
  ['([a-z]+)*@', 'nested_quantifier'],
  ['(\\d+)*5', 'nested_quantifier'],
  ['((ab)+)+', 'nested_quantifier'],
  ['(a?){20}', 'nested_quantifier'],
  ['(a|a)*', 'overlapping_alternation'],
  ['(a|ab)*c', 'overlapping_alternation'],
  ['(\\w|\\d)+$', 'overlapping_alternation'],
  ['(A|a)+$', 'overlapping_alternation'], // overlapping only once case folding applies (flag i)
  ['(x(a|[a-c]))*$', 'overlapping_alternation'],
  ['(a|)+b', 'overlapping_alternation'],
  ['(a)\\1', 'backreference'],
  ['(?<q>[\'"]).*\\k<q>', 'backreference'],
  ['(', 'invalid'],
  ['[a-', 'invalid'],
  ['a{2,1}', 'invalid'],
  ['\\-', 'invalid'], // identity escapes are errors under the u flag the engine uses
  ['a'.repeat(501), 'too_long'],
];

describe('checkRegexSafety', () => {
  it.each(safe)('accepts %s', (pattern) => {
    expect(checkRegexSafety(pattern)).toEqual({ ok: true });
  });

  it.each(unsafe)('rejects %s as %s', (pattern, kind) => {
    const result = checkRegexSafety(pattern);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.kind).toBe(kind);
    expect(!result.ok && result.message).toMatch(/regex/);
  });

  it('takes case folding into account only when the flags ask for it', () => {
    expect(checkRegexSafety('(A|a)+$', 'u')).toEqual({ ok: true });
  });

  it('names the compile error', () => {
    const r = checkRegexSafety('(abc');
    expect(!r.ok && r.message).toMatch(/^regex does not compile: .*Unterminated group/);
  });
});
