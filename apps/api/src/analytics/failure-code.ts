/**
 * The error code a failed MT is counted under. A delivery report's code wins (the provider's own,
 * e.g. Twilio 30003). Otherwise the sender's detail is reduced to its class, never quoted: it may
 * name the number or echo a provider's free text, and every distinct text would be its own group.
 */
export function failureCode(errorCode: string | null, detail: string | null): string {
  if (errorCode) return errorCode;
  const d = detail ?? '';
  const http = /\bHTTP (\d{3})\b/.exec(d);
  if (http) return `HTTP ${http[1]}`;
  const dlr = /\(error ([^)]{1,64})\)/.exec(d);
  if (dlr) return dlr[1]!;
  if (d.startsWith('channel connection')) return 'channel connection';
  if (/^channel \S+ does not exist/.test(d)) return 'channel missing';
  if (d.startsWith('outcome unknown')) return 'outcome unknown';
  if (/timed? ?out/i.test(d)) return 'timeout';
  if (/not bound|ECONNREFUSED|ECONNRESET|ENOTFOUND|network/i.test(d)) return 'network';
  if (/\b(undelivered|failed|rejected|expired)\b/i.test(d)) return /\b(undelivered|failed|rejected|expired)\b/i.exec(d)![1]!.toLowerCase();
  return 'other';
}
