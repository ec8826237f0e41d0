// The error every normaliser throws for bad input: it names the field so the webhook can answer
// 400 with "msisdn: is required" instead of a stack trace.

export class PayloadError extends Error {
  override readonly name = 'PayloadError';

  constructor(
    /** Dotted path of the offending field, e.g. "results[0].from". */
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

export type RawParams = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A required non-empty string field (numbers are accepted and stringified: some providers send ids as numbers). */
export function requireString(source: RawParams, key: string, path = key): string {
  const value = source[key];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value === '') {
    throw new PayloadError(path, value === undefined || value === '' ? 'is required' : `must be a string, got ${typeof value}`);
  }
  return value;
}

/** A text field that may legitimately be empty (an MO with an empty body still exists). */
export function requireText(source: RawParams, key: string, path = key): string {
  const value = source[key];
  if (value === undefined || value === null) throw new PayloadError(path, 'is required');
  if (typeof value !== 'string') throw new PayloadError(path, `must be a string, got ${typeof value}`);
  return value;
}

export function optionalString(source: RawParams, key: string, path = key): string | undefined {
  const value = source[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw new PayloadError(path, `must be a string, got ${typeof value}`);
  return value;
}

/** Optional positive integer, given as a number or a decimal string. */
export function optionalPositiveInt(source: RawParams, key: string, path = key): number | undefined {
  const value = source[key];
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1) throw new PayloadError(path, `must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

/** Optional timestamp, returned as ISO-8601 UTC. Accepts ISO strings, epoch seconds/ms and "YYYY-MM-DD HH:MM:SS" (UTC). */
export function optionalTimestamp(source: RawParams, key: string, path = key): string | undefined {
  const value = source[key];
  if (value === undefined || value === null || value === '') return undefined;
  const date = parseTimestamp(value);
  if (!date) throw new PayloadError(path, `must be a timestamp, got ${JSON.stringify(value)}`);
  return date.toISOString();
}

export function parseTimestamp(value: unknown): Date | null {
  let date: Date;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{9,13}$/.test(value))) {
    const n = Number(value);
    date = new Date(n < 1e11 ? n * 1000 : n);
  } else if (typeof value === 'string') {
    // "2024-01-02 03:04:05" is UTC for Vonage; without a zone, Date would read it as local time.
    const spaced = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
    date = new Date(spaced);
  } else {
    return null;
  }
  return Number.isNaN(date.getTime()) ? null : date;
}
