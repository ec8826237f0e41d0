import type { QuietHours } from '@moflow/data-access';

const toMinutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Minutes since local midnight and seconds into the minute, in `timeZone` (falls back to UTC). */
export function localClock(at: number, timeZone: string | null): { minutes: number; seconds: number } {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-GB', { timeZone: timeZone ?? 'UTC', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(at));
  } catch {
    return localClock(at, 'UTC');
  }
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { minutes: get('hour') * 60 + get('minute'), seconds: get('second') };
}

/** True when `at` falls inside the quiet window (start inclusive, end exclusive; may cross midnight). */
export function inQuietHours(at: number, timeZone: string | null, q: QuietHours): boolean {
  const start = toMinutes(q.start);
  const end = toMinutes(q.end);
  if (start === end) return false;
  const { minutes } = localClock(at, timeZone);
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/**
 * When the quiet window ends, as epoch ms. Computed in local wall-clock minutes, so a DST switch
 * inside the window shifts the opening by that hour at most: the MT then waits a little longer
 * or is re-deferred, never sent inside the window.
 */
export function quietHoursEnd(at: number, timeZone: string | null, q: QuietHours): number {
  const { minutes, seconds } = localClock(at, timeZone);
  const end = toMinutes(q.end);
  const wait = (end - minutes + 1440) % 1440 || 1440;
  return at - (at % 1000) - seconds * 1000 + wait * 60_000;
}
