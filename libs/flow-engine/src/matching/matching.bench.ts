import { bench, describe } from 'vitest';
import { findKeyword, matchText, type KeywordTrigger } from './index';
import type { TextMatchSpec } from './types';

// Run with `npx vitest bench --run src/matching`. Messages vary per call, as real traffic does, so the
// one-entry analysis memo does not flatter single-spec figures.
const messages = ['JOIN please', 'hello there, how are you?', 'Stop.', 'subscirbe me 👍🏾', 'Café crème', 'order 12345 is late', 'ЈОІN', '4,5 stars'];
let i = 0;
const next = (): string => `${messages[i++ % messages.length]!}${i % 7 === 0 ? '!' : ''}`;

const firstWord: TextMatchSpec = { mode: 'first_word', values: ['JOIN', 'SUBSCRIBE', 'START'] };
const fuzzy: TextMatchSpec = { mode: 'any_word', values: ['SUBSCRIBE', 'UNSUBSCRIBE', 'CANCEL'], typoTolerance: true };
const phrase: TextMatchSpec = { mode: 'phrase', values: ['speak to an agent', 'order is late'] };
const regex: TextMatchSpec = { mode: 'regex', pattern: '\\b(?<id>\\d{5})\\b' };
const between: TextMatchSpec = { mode: 'number_between', min: 1, max: 5 };
const triggers: KeywordTrigger[] = Array.from({ length: 20 }, (_, k) => ({
  id: `flow-${k}`,
  spec: { mode: k % 3 === 0 ? 'any_word' : 'first_word', values: [`KEYWORD${k}`, `promo${k}x`, k === 19 ? 'join' : `word${k}`], typoTolerance: k % 2 === 0 },
}));

describe('matchText', () => {
  bench('first_word, 3 keywords', () => void matchText(next(), firstWord));
  bench('any_word with typo tolerance', () => void matchText(next(), fuzzy));
  bench('phrase', () => void matchText(next(), phrase));
  bench('regex', () => void matchText(next(), regex));
  bench('number_between', () => void matchText(next(), between));
});

describe('findKeyword', () => {
  bench('20 triggers', () => void findKeyword(next(), triggers));
});
