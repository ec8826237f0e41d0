import { describe, expect, it } from 'vitest';
import { allCases, type MatchCase } from './cases';
import { matchText } from './index';
import { TextMatchSpecError, type TextMatchSpec } from './types';

function label(c: MatchCase): string {
  const spec = c.spec.values ? c.spec.values.join('|') : (c.spec.pattern ?? `${c.spec.min ?? ''}..${c.spec.max ?? ''}`);
  const flags = [c.spec.typoTolerance && 'typos', c.spec.foldAccents === false && 'no-accent-fold', c.spec.foldLookalikes === false && 'no-lookalike-fold'].filter(Boolean).join(',');
  return `${c.spec.mode} ${JSON.stringify(c.text)} vs ${spec}${flags ? ` [${flags}]` : ''} → ${c.matched ? `${c.value} (${c.matchedBy})` : 'no match'}`;
}

describe('matchText table', () => {
  it('has at least 150 cases covering every mode', () => {
    expect(allCases.length).toBeGreaterThanOrEqual(150);
    const modes = new Set(allCases.map((c) => c.spec.mode));
    expect([...modes].sort()).toEqual(
      ['all_words', 'any_word', 'exact', 'first_word', 'number', 'number_between', 'only_word', 'phrase', 'regex', 'starts_with'],
    );
  });

  it.each(allCases.map((c) => [label(c), c] as const))('%s', (_name, c) => {
    const result = matchText(c.text, c.spec);
    expect(result.matched).toBe(c.matched);
    expect(result.reason).toMatch(/\S/);
    if (c.matched) {
      expect(result.value).toBe(c.value);
      expect(result.matchedBy).toBe(c.matchedBy);
    } else {
      expect(result.value).toBeUndefined();
      expect(result.matchedBy).toBeUndefined();
    }
    if (c.number !== undefined) expect(result.number).toBe(c.number);
  });
});

describe('matchText reasons', () => {
  const kw: TextMatchSpec = { mode: 'first_word', values: ['JOIN', 'SUBSCRIBE'], typoTolerance: true };

  it('says which word matched which keyword and how', () => {
    expect(matchText('Join!', kw).reason).toBe('first word "join" matches keyword "JOIN"');
    expect(matchText('subscirbe pls', kw).reason).toBe('first word "subscirbe" matches keyword "SUBSCRIBE" with 1 typo');
    expect(matchText('jоin', kw).reason).toBe('first word "jоin" matches keyword "JOIN" (after folding accents/look-alike letters)');
  });

  it('lists the keywords when nothing matched', () => {
    expect(matchText('hello there', { mode: 'any_word', values: ['JOIN', 'SUBSCRIBE'] }).reason).toBe(
      'no word of "hello there" is a keyword (JOIN, SUBSCRIBE)',
    );
    expect(matchText('hello', kw).reason).toBe('first word "hello" is not a keyword (JOIN, SUBSCRIBE)');
    expect(matchText(' ?! ', kw).reason).toBe('message "?!" has no words to compare with (JOIN, SUBSCRIBE)');
  });

  it('counts typos over a multi-word value', () => {
    const r = matchText('cancle my subscrption', { mode: 'phrase', values: ['cancel my subscription'], typoTolerance: true });
    expect(r).toMatchObject({ matched: true, matchedBy: 'fuzzy' });
    expect(r.reason).toContain('with 2 typos');
  });

  it('keeps reasons on one line', () => {
    expect(matchText('hello\n\tthere  you', { mode: 'any_word', values: ['JOIN'] }).reason).toBe('no word of "hello there you" is a keyword (JOIN)');
  });

  it('cuts long messages in reasons', () => {
    const r = matchText(`hello ${'x'.repeat(500)}`, { mode: 'any_word', values: ['JOIN'] });
    expect(r.reason.length).toBeLessThan(120);
    expect(r.reason).toContain('…');
  });

  it('explains number results', () => {
    expect(matchText('I give 7', { mode: 'number_between', min: 1, max: 5 }).reason).toBe('number 7 is not between 1 and 5');
    expect(matchText('4,5 stars', { mode: 'number_between', min: 1, max: 5 }).reason).toBe('number 4.5 is between 1 and 5');
    expect(matchText('none', { mode: 'number', min: 1 }).reason).toBe('no number in "none" (expected at least 1)');
  });
});

describe('matchText regex', () => {
  it('returns named groups as captures', () => {
    const r = matchText('Order #AB-991 is late', { mode: 'regex', pattern: '#(?<prefix>[a-z]+)-(?<id>\\d+)' });
    expect(r.captures).toEqual({ prefix: 'AB', id: '991' });
    expect(r.value).toBe('#AB-991');
  });

  it('leaves out groups that did not take part', () => {
    const r = matchText('yes', { mode: 'regex', pattern: '(?<y>yes)|(?<n>no)' });
    expect(r.captures).toEqual({ y: 'yes' });
  });

  it('compiles once per spec object', () => {
    const spec: TextMatchSpec = { mode: 'regex', pattern: 'a+' };
    expect(matchText('caab', spec).value).toBe('aa');
    spec.pattern = 'b+';
    // the spec is treated as immutable (published flow versions are): the first compilation is kept
    expect(matchText('caab', spec).value).toBe('aa');
    expect(matchText('caab', { ...spec }).value).toBe('b');
  });

  it('is not fooled by the lastIndex of a global regex', () => {
    const spec: TextMatchSpec = { mode: 'regex', pattern: 'x' };
    for (let i = 0; i < 3; i++) expect(matchText('x', spec).matched).toBe(true);
  });
});

describe('matchText spec errors name the field', () => {
  const cases: [string, TextMatchSpec, string][] = [
    ['no values', { mode: 'first_word' }, 'values: must list at least one keyword for mode "first_word"'],
    ['empty values', { mode: 'phrase', values: [] }, 'values: must list at least one keyword for mode "phrase"'],
    ['punctuation-only value', { mode: 'exact', values: ['ok', '!!!'] }, 'values[1]: "!!!" has no letters, digits, symbols or emoji to match'],
    ['non-text value', { mode: 'exact', values: [3 as unknown as string] }, 'values[0]: must be text'],
    ['no pattern', { mode: 'regex' }, 'pattern: is required for mode "regex"'],
    ['bad pattern', { mode: 'regex', pattern: '(' }, 'pattern: is not a valid regular expression'],
    ['between without max', { mode: 'number_between', min: 1 }, 'max: is required for mode "number_between"'],
    ['min above max', { mode: 'number_between', min: 5, max: 1 }, 'max: must be at least min (5)'],
    ['NaN min', { mode: 'number', min: Number.NaN }, 'min: must be a finite number'],
    ['unknown mode', { mode: 'fuzzy' as TextMatchSpec['mode'] }, 'mode: unknown match mode "fuzzy"'],
  ];
  it.each(cases)('%s', (_name, spec, message) => {
    expect(() => matchText('anything', spec)).toThrow(TextMatchSpecError);
    expect(() => matchText('anything', spec)).toThrow(message);
  });
});
