// The rule that turns receipts of the parts of an MT into one message status. Pure, so the batch
// writer applies it to many messages at once and the rule has its own tests.

const FINAL = new Set(['delivered', 'undelivered', 'failed']);
/** A message status only moves up this order; statuses outside it (suppressed, deferred…) are never changed by a receipt. */
const RANK: Readonly<Record<string, number>> = { queued: 0, sending: 0, sent: 1, delivered: 2, undelivered: 3, failed: 4 };

/** A part's new status, or undefined when the receipt changes nothing (a repeat, or news after a final status). */
export function nextPartStatus(current: string | undefined, incoming: string): string | undefined {
  if (current && FINAL.has(current)) return undefined;
  return current === incoming ? undefined : incoming;
}

/**
 * The message status its parts add up to: any part failed → failed; else any part undelivered →
 * undelivered; delivered when every one of the `total` parts is; sent while some are still open.
 */
export function statusFromParts(parts: ReadonlyMap<number, string>, total: number): string {
  const statuses = [...parts.values()];
  if (statuses.includes('failed')) return 'failed';
  if (statuses.includes('undelivered')) return 'undelivered';
  const delivered = statuses.filter((s) => s === 'delivered').length;
  return delivered >= Math.max(total, 1) ? 'delivered' : 'sent';
}

/** The message's new status, or undefined to leave it: never backwards, never from a status outside the order. */
export function nextMessageStatus(current: string, derived: string): string | undefined {
  const from = RANK[current];
  const to = RANK[derived];
  if (from === undefined || to === undefined) return undefined;
  return to > from ? derived : undefined;
}
