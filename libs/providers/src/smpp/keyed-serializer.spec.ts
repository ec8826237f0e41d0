import { describe, expect, it } from 'vitest';
import { KeyedSerializer } from './keyed-serializer';

describe('KeyedSerializer', () => {
  it('runs one key in order, keeps going after a failure, and forgets idle keys', async () => {
    const s = new KeyedSerializer();
    const log: string[] = [];
    const a1 = s.run('a', async () => {
      await new Promise((r) => setTimeout(r, 30));
      log.push('a1');
      throw new Error('boom');
    });
    const a2 = s.run('a', async () => void log.push('a2'));
    const b1 = s.run('b', async () => void log.push('b1'));
    await expect(a1).rejects.toThrow('boom');
    await Promise.all([a2, b1]);
    expect(log).toEqual(['b1', 'a1', 'a2']);
    await new Promise((r) => setTimeout(r, 0));
    expect(s.activeKeys).toBe(0);
  });
});
