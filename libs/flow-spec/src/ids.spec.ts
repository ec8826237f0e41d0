import { describe, expect, it } from 'vitest';
import { uuidV7 as newId } from './ids';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV7 (RFC 9562)', () => {
  it('is a version-7, RFC-variant UUID whose first 48 bits are the milliseconds given', () => {
    const at = Date.UTC(2026, 11, 2, 12, 0, 0, 123);
    const id = newId(at);
    expect(id).toMatch(V7);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts by time: ids made later sort after ids made earlier (rows written together stay together in an index)', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => newId(1_800_000_000_000 + i * 7));
    expect([...ids].sort()).toEqual(ids);
  });

  it('does not repeat within one millisecond (74 random bits)', () => {
    const at = Date.now();
    const ids = new Set(Array.from({ length: 100_000 }, () => newId(at)));
    expect(ids.size).toBe(100_000);
    for (const id of [...ids].slice(0, 1000)) expect(id).toMatch(V7);
  });
});
