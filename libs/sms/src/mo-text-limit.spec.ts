import { describe, expect, it } from 'vitest';
import { moTextOverLimit } from './mo-text-limit';

describe('moTextOverLimit', () => {
  it('accepts texts up to the limit and counts characters, not UTF-16 units', () => {
    expect(moTextOverLimit('a'.repeat(1530), 1530)).toBeNull();
    expect(moTextOverLimit('😀'.repeat(1000), 1000)).toBeNull(); // 2,000 UTF-16 units, 1,000 characters
  });

  it('gives the length of a text over the limit', () => {
    expect(moTextOverLimit('a'.repeat(200_006), 2000)).toBe(200_006);
    expect(moTextOverLimit('😀'.repeat(1001), 1000)).toBe(1001);
  });
});
