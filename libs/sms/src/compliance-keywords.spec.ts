import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  classifyComplianceKeyword, HELP_WORDS, OPT_IN_WORDS, OPT_OUT_WORDS, OPT_OUT_WORDS_BY_LANGUAGE,
} from './compliance-keywords';

describe('classifyComplianceKeyword', () => {
  it.each([
    ['STOP', 'opt_out', 'STOP'], ['stop', 'opt_out', 'STOP'], ['Stop.', 'opt_out', 'STOP'], ['  STOP!!! ', 'opt_out', 'STOP'],
    ['🛑 stop 🛑', 'opt_out', 'STOP'], ['"stop"', 'opt_out', 'STOP'], ['ＳＴＯＰ', 'opt_out', 'STOP'],
    ['ЅТОР', 'opt_out', 'STOP'], ['ѕтор', 'opt_out', 'STOP'], // Cyrillic Ѕ Т О Р, capital and small
    ['СANCEL', 'opt_out', 'CANCEL'], // Cyrillic С
    ['opt-out', 'opt_out', 'OPTOUT'], ['OPT OUT', 'opt_out', 'OPTOUT'], ['optout', 'opt_out', 'OPTOUT'],
    ['Stop all', 'opt_out', 'STOPALL'], ['unsubscribe', 'opt_out', 'UNSUBSCRIBE'], ['Quit', 'opt_out', 'QUIT'],
    ['end', 'opt_out', 'END'], ['revoke', 'opt_out', 'REVOKE'],
    ['stop please', 'opt_out', 'STOP'], ['STOP texting me', 'opt_out', 'STOP'], ['cancel my subscription', 'opt_out', 'CANCEL'],
    ['START', 'opt_in', 'START'], ['unstop', 'opt_in', 'UNSTOP'], ['Yes!', 'opt_in', 'YES'],
    ['help', 'help', 'HELP'], ['HELP?', 'help', 'HELP'], ['info', 'help', 'INFO'],
  ])('%j → %s (%s)', (text, kind, word) => {
    expect(classifyComplianceKeyword(text)).toEqual({ kind, word });
  });

  it.each([
    ['stop by our shop tomorrow'], ['please stop'], ['I want to stop'], ['yes please'], ['help me please'],
    ['stopped'], ['starting'], ['information'], [''], ['   '], ['🛑'], ['ARRET'], ['stopp'],
  ])('%j is not a compliance keyword by default', (text) => {
    expect(classifyComplianceKeyword(text)).toBeNull();
  });

  it('accepts extra words per channel, including other languages', () => {
    expect(classifyComplianceKeyword('Arrêt', { optOut: OPT_OUT_WORDS_BY_LANGUAGE['fr'] })).toEqual({ kind: 'opt_out', word: 'ARRET' });
    expect(classifyComplianceKeyword('stopp bitte', { optOut: OPT_OUT_WORDS_BY_LANGUAGE['de'] })).toEqual({ kind: 'opt_out', word: 'STOPP' });
    expect(classifyComplianceKeyword('Стоп', { optOut: OPT_OUT_WORDS_BY_LANGUAGE['ru'] })).toEqual({ kind: 'opt_out', word: 'СТОП' });
    expect(classifyComplianceKeyword('JOIN', { optIn: ['join'] })).toEqual({ kind: 'opt_in', word: 'join' });
    expect(classifyComplianceKeyword('aide', { help: ['AIDE'] })).toEqual({ kind: 'help', word: 'AIDE' });
  });

  it('lets an opt-out win when a word is in several lists', () => {
    expect(classifyComplianceKeyword('END', { optIn: ['END'] })).toEqual({ kind: 'opt_out', word: 'END' });
  });

  it('exposes the standard lists', () => {
    expect(OPT_OUT_WORDS).toEqual(expect.arrayContaining(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT OUT']));
    expect(OPT_IN_WORDS).toEqual(['START', 'UNSTOP', 'YES']);
    expect(HELP_WORDS).toEqual(['HELP', 'INFO']);
  });

  it('property: case and surrounding punctuation/emoji never change the result', () => {
    const word = fc.constantFrom(...OPT_OUT_WORDS, ...OPT_IN_WORDS, ...HELP_WORDS, 'hello', 'stop by the shop now', 'yes please');
    const decoration = fc.array(fc.constantFrom(' ', '.', '!', '?', '"', '…', '🛑', '👍🏾', '\n'), { maxLength: 4 }).map((a) => a.join(''));
    fc.assert(fc.property(word, decoration, decoration, fc.boolean(), (w, before, after, lower) => {
      const variant = before + (lower ? w.toLowerCase() : w) + after;
      expect(classifyComplianceKeyword(variant)).toEqual(classifyComplianceKeyword(w));
    }), { numRuns: 500 });
  });
});
