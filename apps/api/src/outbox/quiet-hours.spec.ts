import { describe, expect, it } from 'vitest';
import { inQuietHours, localClock, quietHoursEnd } from './quiet-hours';
import { TokenBucket } from './token-bucket';

const at = (iso: string) => Date.parse(iso);

describe('quiet hours', () => {
  const night = { start: '21:00', end: '08:00', replyWindowMinutes: 15 };

  it('reads the local wall clock of the zone', () => {
    expect(localClock(at('2025-01-15T05:30:20Z'), 'America/New_York')).toEqual({ minutes: 30, seconds: 20 });
    expect(localClock(at('2025-07-15T05:30:00Z'), 'America/New_York').minutes).toBe(60 + 30); // EDT
    expect(localClock(at('2025-01-15T05:30:00Z'), 'Not/AZone').minutes).toBe(5 * 60 + 30); // falls back to UTC
  });

  it('windows crossing midnight: start inclusive, end exclusive', () => {
    expect(inQuietHours(at('2025-01-15T02:00:00Z'), 'America/New_York', night)).toBe(true); // 21:00 local
    expect(inQuietHours(at('2025-01-15T01:59:00Z'), 'America/New_York', night)).toBe(false); // 20:59
    expect(inQuietHours(at('2025-01-15T12:59:00Z'), 'America/New_York', night)).toBe(true); // 07:59
    expect(inQuietHours(at('2025-01-15T13:00:00Z'), 'America/New_York', night)).toBe(false); // 08:00
    expect(inQuietHours(at('2025-01-15T13:00:00Z'), 'Europe/Paris', { start: '12:00', end: '15:00', replyWindowMinutes: 0 })).toBe(true);
    expect(inQuietHours(at('2025-01-15T13:00:00Z'), 'UTC', { start: '10:00', end: '10:00', replyWindowMinutes: 0 })).toBe(false);
  });

  it("computes the window's opening in the recipient's zone", () => {
    // 23:15:30 in New York → opens 08:00 New York = 13:00Z the next day.
    expect(new Date(quietHoursEnd(at('2025-01-15T04:15:30Z'), 'America/New_York', night)).toISOString()).toBe('2025-01-15T13:00:00.000Z');
    expect(new Date(quietHoursEnd(at('2025-01-15T04:15:30Z'), 'Asia/Tokyo', { start: '12:00', end: '14:00', replyWindowMinutes: 0 })).toISOString()).toBe('2025-01-15T05:00:00.000Z');
  });
});

describe('token bucket', () => {
  it('allows the burst, then one token per 1/rate seconds', () => {
    const b = new TokenBucket(2, 3, 0);
    expect([b.take(0), b.take(0), b.take(0)]).toEqual([0, 0, 0]);
    expect(b.take(0)).toBe(500);
    expect(b.take(499)).toBeGreaterThan(0);
    expect(b.take(500)).toBe(0);
    expect(b.take(10_000)).toBe(0); // refilled, but never above the burst
    expect([b.take(10_000), b.take(10_000), b.take(10_000)]).toEqual([0, 0, 500]);
  });
});
