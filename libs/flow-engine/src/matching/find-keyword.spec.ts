import { describe, expect, it } from 'vitest';
import { findKeyword, type KeywordTrigger } from './index';
import { TextMatchSpecError } from './types';

const triggers: KeywordTrigger[] = [
  { id: 'newsletter', spec: { mode: 'first_word', values: ['SUBSCRIBE', 'JOIN'], typoTolerance: true } },
  { id: 'cafe', spec: { mode: 'first_word', values: ['café'] } },
  { id: 'cafe-plain', spec: { mode: 'first_word', values: ['cafe'] } },
  { id: 'support', spec: { mode: 'any_word', values: ['help', 'agent'] } },
  { id: 'subscribers', spec: { mode: 'first_word', values: ['SUBSCRIBERS'] } },
  { id: 'support-2', spec: { mode: 'any_word', values: ['agent'] } },
];

describe('findKeyword', () => {
  it('picks the trigger that matches', () => {
    expect(findKeyword('JOIN please', triggers)).toMatchObject({ id: 'newsletter', result: { value: 'JOIN', matchedBy: 'exact' } });
    expect(findKeyword('I need help', triggers)).toMatchObject({ id: 'support', result: { value: 'help' } });
  });

  it('returns null when nothing matches', () => {
    expect(findKeyword('hello there', triggers)).toBeNull();
    expect(findKeyword('', triggers)).toBeNull();
    expect(findKeyword('join', [])).toBeNull();
  });

  it('prefers exact over folded over fuzzy, whatever the order', () => {
    // "subscribers" is a fuzzy match for SUBSCRIBE (earlier) and an exact match for SUBSCRIBERS (later)
    expect(findKeyword('subscribers', triggers)).toMatchObject({ id: 'subscribers', result: { matchedBy: 'exact' } });
    // "cafe" folds to "café" (earlier) but is exact for "cafe" (later)
    expect(findKeyword('CAFE', triggers)).toMatchObject({ id: 'cafe-plain', result: { matchedBy: 'exact' } });
    expect(findKeyword('Café', triggers)).toMatchObject({ id: 'cafe', result: { matchedBy: 'exact' } });
    expect(findKeyword('Cafë', triggers)).toMatchObject({ id: 'cafe', result: { matchedBy: 'folded' } });
    expect(findKeyword('subscrbe', triggers)).toMatchObject({ id: 'newsletter', result: { matchedBy: 'fuzzy' } });
  });

  it('takes the earliest trigger on a tie', () => {
    expect(findKeyword('call an agent', triggers)?.id).toBe('support');
    expect(findKeyword('call an agent', [...triggers].reverse())?.id).toBe('support-2');
  });

  it('names the trigger whose spec is broken', () => {
    const broken: KeywordTrigger[] = [...triggers, { id: 'flow-7', spec: { mode: 'phrase', values: [] } }];
    expect(() => findKeyword('nothing matches', broken)).toThrow(TextMatchSpecError);
    expect(() => findKeyword('nothing matches', broken)).toThrow('triggers[6] (flow-7).values: must list at least one keyword for mode "phrase"');
  });

  it('mixes regex and number triggers with keyword triggers', () => {
    const mixed: KeywordTrigger[] = [
      { id: 'rating', spec: { mode: 'number_between', min: 1, max: 5 } },
      { id: 'order', spec: { mode: 'regex', pattern: '^#(?<id>\\d{4,})$' } },
      { id: 'join', spec: { mode: 'first_word', values: ['JOIN'] } },
    ];
    expect(findKeyword('#12345', mixed)).toMatchObject({ id: 'order', result: { captures: { id: '12345' } } });
    expect(findKeyword('4', mixed)).toMatchObject({ id: 'rating', result: { number: 4 } });
    expect(findKeyword('join 9', mixed)?.id).toBe('join');
    expect(findKeyword('join 3', mixed)?.id).toBe('rating');
  });

  it('gives the winner the same result matchText would', () => {
    const r = findKeyword('  Subscirbe!! ', triggers);
    expect(r?.result.reason).toBe('first word "subscirbe" matches keyword "SUBSCRIBE" with 1 typo');
  });
});
