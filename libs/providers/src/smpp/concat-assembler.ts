// Byte-level reassembly for SMPP. @moflow/sms has a ConcatAssembler that joins parts' decoded text,
// right for HTTP providers that send text; SMPP parts carry raw bytes and may split a GSM escape or
// a UTF-16 surrogate pair, so they can only be decoded once joined. Keyed by sender + recipient +
// reference + total as 3GPP TS 23.040 implies.

export interface ConcatPart {
  key: { from: string; to: string; ref: number; total: number };
  seq: number;
  bytes: Buffer;
  dataCoding: number;
}

export interface AssembledMessage {
  bytes: Buffer;
  dataCoding: number;
  total: number;
  ref: number;
}

interface Pending {
  parts: Map<number, Buffer>;
  dataCoding: number;
  firstAt: number;
}

export class SmppConcatAssembler {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds a part; returns the whole message once every part is in. A repeated part replaces the
   * earlier copy (an SMSC redelivering it), so it never duplicates text. */
  add(part: ConcatPart): AssembledMessage | undefined {
    const { from, to, ref, total } = part.key;
    if (total < 1 || part.seq < 1 || part.seq > total) {
      throw new RangeError(`concatenation: part ${part.seq} of ${total} is out of range`);
    }
    const id = `${from}\u0000${to}\u0000${ref}\u0000${total}`;
    let entry = this.pending.get(id);
    if (!entry) {
      entry = { parts: new Map(), dataCoding: part.dataCoding, firstAt: this.now() };
      this.pending.set(id, entry);
    }
    entry.parts.set(part.seq, part.bytes);
    if (entry.parts.size < total) return undefined;
    this.pending.delete(id);
    const ordered = Array.from({ length: total }, (_, i) => entry.parts.get(i + 1) ?? Buffer.alloc(0));
    return { bytes: Buffer.concat(ordered), dataCoding: entry.dataCoding, total, ref };
  }

  /** Drops messages whose parts stopped arriving; returns how many parts each one had. */
  expire(): Array<{ from: string; to: string; ref: number; received: number; total: number }> {
    const limit = this.now() - this.ttlMs;
    const dropped: Array<{ from: string; to: string; ref: number; received: number; total: number }> = [];
    for (const [id, entry] of this.pending) {
      if (entry.firstAt > limit) continue;
      const [from = '', to = '', ref = '0', total = '0'] = id.split('\u0000');
      dropped.push({ from, to, ref: Number(ref), received: entry.parts.size, total: Number(total) });
      this.pending.delete(id);
    }
    return dropped;
  }

  get size(): number {
    return this.pending.size;
  }
}
