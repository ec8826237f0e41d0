// Reassembles concatenated MO parts (Vonage concat-*, SMPP UDH / sar_*) before the flow sees them.
// Parts are grouped by (from, to, ref, total) — the ref alone is only unique per sender and wraps at
// 255 — and released in part order once all have arrived. State is in memory with an injectable
// clock; a group whose parts never all arrive is handed back by takeExpired() so the caller can
// deliver what it has rather than lose the message.
// It joins decoded text, which is right for HTTP providers (Vonage decodes each part) and for UCS-2
// (a surrogate pair split across parts rejoins as code units). A GSM-7 escape split across SMPP
// parts cannot be decoded per part, which is why the SMPP client reassembles wire bytes instead.
// State lives in one process: with several API replicas, route a sender's parts to one replica
// or persist the parts.
import { PayloadError } from './payload-error';
import type { InboundMessage } from './providers/inbound-message';

export interface ExpiredGroup {
  from: string;
  to: string;
  ref: string;
  total: number;
  /** Parts received, in part order. */
  parts: InboundMessage[];
  missing: number[];
}

export interface ConcatAssemblerOptions {
  /** How long to wait for the missing parts after the first one arrived (default 60 s). */
  timeoutMs?: number;
  now?: () => number;
}

interface Group {
  firstAt: number;
  total: number;
  parts: Map<number, InboundMessage>;
}

export class ConcatAssembler {
  private readonly groups = new Map<string, Group>();
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(options: ConcatAssemblerOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Number of incomplete groups held. */
  get pending(): number {
    return this.groups.size;
  }

  /**
   * Adds a message. A message without concat info (or a single-part one) is returned as is; a part
   * returns null until its group is complete, then the combined message. A part number already held
   * is ignored: providers retry, and the first copy wins.
   */
  add(message: InboundMessage): InboundMessage | null {
    const concat = message.concat;
    if (!concat || concat.total === 1) return message;
    if (!Number.isInteger(concat.total) || concat.total < 1 || concat.total > 255) {
      throw new PayloadError('concat.total', `must be an integer from 1 to 255, got ${concat.total}`);
    }
    if (!Number.isInteger(concat.part) || concat.part < 1 || concat.part > concat.total) {
      throw new PayloadError('concat.part', `must be an integer from 1 to ${concat.total}, got ${concat.part}`);
    }
    const key = JSON.stringify([message.from, message.to, concat.ref, concat.total]);
    let group = this.groups.get(key);
    if (!group) {
      group = { firstAt: this.now(), total: concat.total, parts: new Map() };
      this.groups.set(key, group);
    }
    if (!group.parts.has(concat.part)) group.parts.set(concat.part, message);
    if (group.parts.size < group.total) return null;
    this.groups.delete(key);
    return combine(ordered(group));
  }

  /** Removes and returns groups older than the timeout that are still missing parts. */
  takeExpired(): ExpiredGroup[] {
    const cutoff = this.now() - this.timeoutMs;
    const expired: ExpiredGroup[] = [];
    for (const [key, group] of this.groups) {
      if (group.firstAt > cutoff) continue;
      this.groups.delete(key);
      const [from, to, ref] = JSON.parse(key) as [string, string, string, number];
      const missing: number[] = [];
      for (let n = 1; n <= group.total; n++) if (!group.parts.has(n)) missing.push(n);
      expired.push({ from, to, ref, total: group.total, parts: ordered(group), missing });
    }
    return expired;
  }
}

function ordered(group: Group): InboundMessage[] {
  return [...group.parts.entries()].sort((a, b) => a[0] - b[0]).map(([, m]) => m);
}

/**
 * Joins parts into one message. Its id is the first part's id (stable whichever part arrived last,
 * so a redelivered group dedupes); all part ids are kept in partIds.
 */
export function combine(parts: readonly InboundMessage[]): InboundMessage {
  const first = parts[0];
  if (!first) throw new PayloadError('parts', 'at least one part is required');
  const { concat: _concat, ...rest } = first;
  return {
    ...rest,
    text: parts.map((p) => p.text).join(''),
    segments: parts.length,
    partIds: parts.map((p) => p.providerMessageId),
    raw: parts.map((p) => p.raw),
  };
}
