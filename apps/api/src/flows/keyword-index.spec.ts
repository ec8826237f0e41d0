import { describe, expect, it } from 'vitest';
import { claimsCollide, displayKeywords, foldKeyword, keywordClaims } from './keyword-index';

describe('keyword index helpers', () => {
  it('folds case, accents, width and spacing', () => {
    expect(foldKeyword('  café  ')).toBe('CAFE');
    expect(foldKeyword('ＪＯＩＮ')).toBe('JOIN');
    expect(foldKeyword('start   news')).toBe('START NEWS');
  });

  it('claims every keyword on every channel of every trigger, "*" when no channel is named', () => {
    const def = { nodes: [
      { id: 't1', type: 'trigger', config: { keywords: ['Join', 'JOIN', 'stop'], channels: ['a', 'b'], match: 'exact' } },
      { id: 't2', type: 'trigger', config: { keywords: ['info'] } },
      { id: 'r', type: 'reply', config: { keywords: ['ignored'] } },
    ] };
    expect(keywordClaims(def)).toEqual([
      { keyword: 'JOIN', channel: 'a', nodeId: 't1', match: 'exact' },
      { keyword: 'JOIN', channel: 'b', nodeId: 't1', match: 'exact' },
      { keyword: 'STOP', channel: 'a', nodeId: 't1', match: 'exact' },
      { keyword: 'STOP', channel: 'b', nodeId: 't1', match: 'exact' },
      { keyword: 'INFO', channel: '*', nodeId: 't2', match: 'first_word' },
    ]);
    expect(displayKeywords(def)).toEqual(['Join', 'stop', 'info']);
  });

  it('collides on the same keyword when channels are equal or either is "*"', () => {
    expect(claimsCollide({ keyword: 'JOIN', channel: 'a' }, { keyword: 'JOIN', channel: 'a' })).toBe(true);
    expect(claimsCollide({ keyword: 'JOIN', channel: '*' }, { keyword: 'JOIN', channel: 'b' })).toBe(true);
    expect(claimsCollide({ keyword: 'JOIN', channel: 'a' }, { keyword: 'JOIN', channel: '*' })).toBe(true);
    expect(claimsCollide({ keyword: 'JOIN', channel: 'a' }, { keyword: 'JOIN', channel: 'b' })).toBe(false);
    expect(claimsCollide({ keyword: 'JOIN', channel: '*' }, { keyword: 'STOP', channel: '*' })).toBe(false);
  });
});
