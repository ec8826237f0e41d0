import { describe, expect, it } from 'vitest';
import { BoundedCache } from './bounded-cache';

describe('BoundedCache', () => {
  it('computes once per key and evicts the least recently used entry past its limit', () => {
    const calls: string[] = [];
    const cache = new BoundedCache<string, string>(2);
    const get = (k: string) => cache.get(k, (key) => (calls.push(key), key.toUpperCase()));
    expect(get('a')).toBe('A');
    expect(get('b')).toBe('B');
    expect(get('a')).toBe('A'); // hit; "a" becomes the youngest
    expect(get('c')).toBe('C'); // evicts "b", the oldest
    expect(cache.size).toBe(2);
    get('a');
    get('b');
    expect(calls).toEqual(['a', 'b', 'c', 'b']);
  });
});
