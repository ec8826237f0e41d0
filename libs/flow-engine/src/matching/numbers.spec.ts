import { describe, expect, it } from 'vitest';
import { extractNumber } from './index';

describe('extractNumber', () => {
  it.each([
    ['3', 3, '3'],
    ['3,50 EUR', 3.5, '3.5'],
    ['-0,5', -0.5, '-0.5'],
    ['-0', 0, '0'],
    ['12,345,678 views', 12345678, '12345678'],
    ['1,0000', 1, '1'],
    ['x1 or 2', 2, '2'],
    ['۱۲', 12, '12'],
    ['٣٫٥', 3, '3'],
    ['0007', 7, '7'],
  ])('%j → %d', (text, value, shown) => {
    expect(extractNumber(text.normalize('NFKC'))).toEqual({ value, text: shown });
  });

  it.each(['', 'none', 'A12', 'five', '-', '.', 'e'])('%j has no number', (text) => {
    expect(extractNumber(text)).toBeUndefined();
  });

  it('stays finite on absurdly long digit runs', () => {
    const r = extractNumber('9'.repeat(400));
    // 400 nines overflow a double: no number rather than Infinity
    expect(r).toBeUndefined();
  });
});
