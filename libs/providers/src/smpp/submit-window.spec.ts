import { describe, expect, it } from 'vitest';
import { SubmitWindow } from './submit-window';

describe('SubmitWindow', () => {
  it('hands a released slot to the oldest waiter, not to a newcomer', async () => {
    const w = new SubmitWindow(1);
    const order: string[] = [];
    await w.acquire();
    const b = w.acquire().then(() => order.push('b'));
    w.release();
    // A newcomer arriving in the same tick must queue behind b.
    const c = w.acquire().then(() => order.push('c'));
    await b;
    expect(w.outstanding).toBe(1);
    expect(order).toEqual(['b']);
    w.release();
    await c;
    expect(order).toEqual(['b', 'c']);
    expect(w.peak).toBe(1);
    w.release();
    expect(w.outstanding).toBe(0);
  });

  it('never exceeds its size under interleaved acquire/release', async () => {
    const w = new SubmitWindow(3);
    let live = 0;
    let max = 0;
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        await w.acquire();
        live++;
        max = Math.max(max, live);
        await new Promise((r) => setTimeout(r, i % 3));
        live--;
        w.release();
      }),
    );
    expect(max).toBe(3);
    expect(w.outstanding).toBe(0);
  });

  it('refuses a nonsense size with a clear error', () => {
    expect(() => new SubmitWindow(0)).toThrow(/windowSize: must be a positive integer/);
  });
});
