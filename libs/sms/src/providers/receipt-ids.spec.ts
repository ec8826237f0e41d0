import { describe, expect, it } from 'vitest';
import { receiptIdCandidates } from './receipt-ids';

describe('receipt id candidates', () => {
  it('a decimal receipt id finds the hex id submit_sm_resp gave, in either case and zero-padded', () => {
    const ids = receiptIdCandidates('0305419896', 'hex-to-decimal');
    expect(ids[0]).toBe('0305419896');
    expect(ids).toEqual(expect.arrayContaining(['305419896', '12345678', '12345678']));
    expect(receiptIdCandidates('3054198960', 'hex-to-decimal')).toContain('B60B60B0');
    expect(receiptIdCandidates('3054198960', 'hex-to-decimal')).toContain('b60b60b0');
  });

  it('a hex receipt id finds the decimal id, padded to ten digits too', () => {
    expect(receiptIdCandidates('1A2B', 'decimal-to-hex')).toEqual(expect.arrayContaining(['6699', '0000006699']));
    expect(receiptIdCandidates('1A2B', 'hex-to-decimal')).toEqual(['1A2B']);
  });

  it('same: the id as written only; auto: the id first, then both conversions', () => {
    expect(receiptIdCandidates('12345678', 'same')).toEqual(['12345678']);
    const auto = receiptIdCandidates('12345678');
    expect(auto[0]).toBe('12345678');
    expect(auto).toEqual(expect.arrayContaining(['bc614e', '305419896']));
  });

  it('leaves ids that are not numbers alone', () => {
    expect(receiptIdCandidates('smsc-0000000a')).toEqual(['smsc-0000000a']);
    expect(receiptIdCandidates('ffffffffffffffffffff')).toEqual(['ffffffffffffffffffff']);
  });
});
