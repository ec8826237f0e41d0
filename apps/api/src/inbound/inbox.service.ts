import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { hydrate, InboxMessageEntity, insertRows, newId, partitionOf, placeholder, selectList, tableOf, writeTransaction } from '@moflow/data-access';
import { joinSmppParts } from '@moflow/providers';
import { moTextOverLimit, type InboundMessage } from '@moflow/sms';
import { DataSource, In, LessThan, type EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { WakeBus } from '../pipeline/wake-bus';

/** How long the parts of a concatenated MO wait for the missing ones (as libs/sms's assembler). */
const CONCAT_TIMEOUT_MS = 60_000;
/** Rows per group commit: one transaction, a few multi-row statements. */
const MAX_ROWS_PER_FLUSH = 1_000;

export interface StoreResult {
  /** Inbox ids of complete messages stored by this call (not duplicates, not incomplete parts). */
  stored: string[];
  duplicates: number;
  partsWaiting: number;
}

interface Request {
  rows: InboxMessageEntity[];
  /** Per row: other provider ids that make it a duplicate when already stored on the channel. */
  aliases: Array<readonly string[] | undefined>;
  result: StoreResult;
  resolve: (r: StoreResult) => void;
  reject: (e: Error) => void;
}

const groupKey = (r: Pick<InboxMessageEntity, 'channelId' | 'from' | 'concatRef' | 'concatTotal'>) => [r.channelId, r.from, r.concatRef, r.concatTotal].join('\u0000');

/**
 * The durable MO store, with group commit: every webhook and deliver_sm hands its MOs to `store`,
 * which resolves only after the transaction holding its rows committed — and concurrent callers
 * share that transaction (one fsync for many MOs; multi-row INSERT … ON CONFLICT DO NOTHING, so a
 * provider's retry is a duplicate, not a second message). Parts of a concatenated MO are stored as
 * `part` rows in the same flush; the part that completes its group writes the joined message,
 * whose provider id is derived from the parts so a concurrent completion collides instead of
 * doubling. The turn pipeline is woken after each commit; it reads the stored rows itself.
 */
@Injectable()
export class InboxService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Inbox');
  private timer: NodeJS.Timeout | null = null;
  private pending: Request[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly ds: DataSource, private readonly wake: WakeBus, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.releaseIncomplete().catch((err: unknown) => this.logger.error(`incomplete concat groups: ${(err as Error).message}`));
    }, 10_000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    while (this.flushing) await this.flushing;
  }

  /**
   * `channelAddress`: the channel's own number; an MO addressed to another one is stored all the
   * same (a Messaging Service pool, a ported number) with a warning on the message.
   */
  store(channelId: string, provider: string, messages: readonly InboundMessage[], channelAddress?: string): Promise<StoreResult> {
    const now = Date.now();
    const rows = messages.map((msg): InboxMessageEntity => {
      const at = msg.receivedAt ? Date.parse(msg.receivedAt) : now;
      const isPart = !!msg.concat && msg.concat.total > 1;
      return {
        id: newId(), channelId, providerMessageId: msg.providerMessageId, provider, from: msg.from, to: msg.to, text: msg.text, partition: partitionOf(msg.from),
        status: isPart ? 'part' : 'stored', concatRef: msg.concat?.ref ?? null, concatTotal: msg.concat?.total ?? null,
        concatPart: msg.concat?.part ?? null, error: channelAddress && msg.to !== channelAddress ? `addressed to ${msg.to}, not the channel's number ${channelAddress}` : null, receivedAt: Number.isFinite(at) ? at : now, updatedAt: now,
        partBytes: isPart ? (msg.partBytes?.base64 ?? null) : null, dataCoding: isPart ? (msg.partBytes?.dataCoding ?? null) : null,
      };
    });
    const aliases = messages.map((m) => m.dedupeAliases);
    return new Promise((resolve, reject) => {
      this.pending.push({ rows, aliases, result: { stored: [], duplicates: 0, partsWaiting: 0 }, resolve, reject });
      if (!this.flushing) this.flushing = this.flushAll().finally(() => (this.flushing = null));
    });
  }

  /**
   * Parts whose group never completed (a lost part) are delivered with what arrived after
   * `maxAgeMs`, marked with […] where parts are missing: a partial message beats a lost one.
   */
  async releaseIncomplete(maxAgeMs = CONCAT_TIMEOUT_MS, now = Date.now()): Promise<number> {
    const stale = await this.ds.getRepository(InboxMessageEntity).find({ where: { status: 'part', receivedAt: LessThan(now - maxAgeMs) }, order: { concatPart: 'ASC' } });
    const groups = new Map<string, InboxMessageEntity[]>();
    for (const p of stale) groups.set(groupKey(p), [...(groups.get(groupKey(p)) ?? []), p]);
    if (groups.size === 0) return 0;
    await writeTransaction(this.ds, async (m) => {
      for (const parts of groups.values()) {
        const first = parts[0]!;
        const byPart = new Map(parts.map((p) => [p.concatPart, p.text]));
        const text = Array.from({ length: first.concatTotal ?? parts.length }, (_, i) => byPart.get(i + 1) ?? '[…]').join('');
        await this.join(m, parts, { text, error: `incomplete: ${parts.length} of ${first.concatTotal} parts arrived`, now });
      }
    });
    this.wake.notify('inbox');
    return groups.size;
  }

  /** Flushes until nothing is pending: requests arriving during a commit share the next one. */
  private async flushAll(): Promise<void> {
    // Let the requests of this tick join the first transaction.
    await new Promise((r) => setImmediate(r));
    while (this.pending.length > 0) {
      const batch: Request[] = [];
      let rows = 0;
      while (this.pending.length > 0 && (batch.length === 0 || rows + this.pending[0]!.rows.length <= MAX_ROWS_PER_FLUSH)) {
        const next = this.pending.shift()!;
        rows += next.rows.length;
        batch.push(next);
      }
      try {
        await writeTransaction(this.ds, (m) => this.write(m, batch));
        for (const r of batch) r.resolve(r.result);
        this.wake.notify('inbox');
      } catch (err) {
        this.logger.error(`inbox commit failed: ${(err as Error).message}`);
        for (const r of batch) r.reject(err as Error);
      }
    }
  }

  private async write(m: EntityManager, batch: Request[]): Promise<void> {
    for (const r of batch) r.result = { stored: [], duplicates: 0, partsWaiting: 0 };
    const known = await this.knownAliases(m, batch);
    const all = batch.flatMap((r) => r.rows.filter((row, i) => !(r.aliases[i] ?? []).some((a) => known.has(`${row.channelId}\u0000${a}`))));
    const inserted = new Set<string>();
    for (let i = 0; i < all.length; i += 200) {
      const raw = (await insertRows(m, InboxMessageEntity, all.slice(i, i + 200), 'ON CONFLICT ("channel_id", "provider_message_id") DO NOTHING RETURNING "id"')) as { id: string }[];
      for (const r of raw) inserted.add(r.id);
    }
    // Parts: every group this flush touched is read back once; complete groups are joined now.
    const touched = all.filter((r) => r.status === 'part' && inserted.has(r.id));
    const complete = new Map<string, InboxMessageEntity>();
    if (touched.length > 0) {
      const parts = await this.partsOf(m, touched);
      const groups = new Map<string, Map<number | null, InboxMessageEntity>>();
      for (const p of parts) {
        const g = groups.get(groupKey(p)) ?? new Map<number | null, InboxMessageEntity>();
        if (!g.has(p.concatPart)) g.set(p.concatPart, p);
        groups.set(groupKey(p), g);
      }
      for (const t of touched) {
        const g = groups.get(groupKey(t));
        if (!g || g.size < (t.concatTotal ?? 0) || complete.has(groupKey(t))) continue;
        const ordered = [...g.values()].sort((a, b) => (a.concatPart ?? 0) - (b.concatPart ?? 0));
        const joined = await this.join(m, ordered, { text: joinedText(ordered), error: null, now: Date.now() });
        complete.set(groupKey(t), joined);
        groups.delete(groupKey(t));
      }
    }
    for (const r of batch) {
      for (const row of r.rows) {
        if (!inserted.has(row.id)) r.result.duplicates++;
        else if (row.status === 'stored') r.result.stored.push(row.id);
        else {
          const joined = complete.get(groupKey(row));
          if (joined && !r.result.stored.includes(joined.id)) r.result.stored.push(joined.id);
          else if (!joined) r.result.partsWaiting++;
        }
      }
    }
  }

  /** One read per flush, only when some row has aliases: which of them are stored already. */
  private async knownAliases(m: EntityManager, batch: readonly Request[]): Promise<Set<string>> {
    const wanted = new Map<string, Set<string>>();
    for (const r of batch) {
      r.rows.forEach((row, i) => {
        for (const a of r.aliases[i] ?? []) wanted.set(row.channelId, (wanted.get(row.channelId) ?? new Set()).add(a));
      });
    }
    const known = new Set<string>();
    for (const [channelId, ids] of wanted) {
      const list = [...ids];
      for (let i = 0; i < list.length; i += 500) {
        const chunk = list.slice(i, i + 500);
        const sql = `SELECT i."provider_message_id" AS "id" FROM ${tableOf(m, InboxMessageEntity)} i WHERE i."channel_id" = ${placeholder(m, 0)} ` +
          `AND i."provider_message_id" IN (${chunk.map((_, k) => placeholder(m, k + 1)).join(', ')})`;
        for (const row of (await m.query(sql, [channelId, ...chunk])) as { id: string }[]) known.add(`${channelId}\u0000${row.id}`);
      }
    }
    return known;
  }

  private async partsOf(m: EntityManager, touched: readonly InboxMessageEntity[]): Promise<InboxMessageEntity[]> {
    const refs = [...new Set(touched.map((t) => t.concatRef ?? ''))];
    const channels = [...new Set(touched.map((t) => t.channelId))];
    const params = [...channels, ...refs];
    const sql = `SELECT ${selectList(m, InboxMessageEntity, 'i')} FROM ${tableOf(m, InboxMessageEntity)} i WHERE i."status" = 'part' ` +
      `AND i."channel_id" IN (${channels.map((_, i) => placeholder(m, i)).join(', ')}) AND i."concat_ref" IN (${refs.map((_, i) => placeholder(m, channels.length + i)).join(', ')})`;
    const wanted = new Set(touched.map(groupKey));
    return hydrate(m, InboxMessageEntity, (await m.query(sql, params)) as Record<string, unknown>[]).filter((p) => wanted.has(groupKey(p)));
  }

  /**
   * Marks the parts merged and stores the joined message (a concurrent joiner collides on its
   * provider id). Each part passed MO_TEXT_MAX_CHARS on its own, but up to 255 of them could join
   * into far more: a joined text over the limit is stored failed (cut to the limit, the reason in
   * `error`) and never reaches a flow, as a single over-long MO is refused with 413.
   */
  private async join(m: EntityManager, parts: readonly InboxMessageEntity[], j: { text: string; error: string | null; now: number }): Promise<InboxMessageEntity> {
    const first = parts[0]!;
    const max = this.config.moTextMaxChars;
    const length = moTextOverLimit(j.text, max);
    const tooLong = length !== null
      ? `joined text of ${parts.length} parts is ${length} characters long, more than the ${max} an inbound message may have (MO_TEXT_MAX_CHARS); not handled`
      : null;
    if (tooLong) this.logger.warn(`MO from ${first.from.slice(0, 6)}… on channel ${first.channelId} refused: ${tooLong}`);
    const joined: InboxMessageEntity = {
      ...first, id: newId(), status: tooLong ? 'failed' : 'stored', concatRef: null, concatTotal: null, concatPart: null, partBytes: null, dataCoding: null,
      text: tooLong ? [...j.text].slice(0, max).join('') : j.text, error: tooLong ?? j.error ?? first.error, updatedAt: j.now,
      receivedAt: Math.min(...parts.map((p) => p.receivedAt)),
      providerMessageId: 'concat:' + createHash('sha256').update(parts.map((p) => p.providerMessageId).join('\n')).digest('hex').slice(0, 40),
    };
    await m.getRepository(InboxMessageEntity).update({ id: In(parts.map((p) => p.id)) }, { status: 'merged', updatedAt: j.now });
    await insertRows(m, InboxMessageEntity, [joined], 'ON CONFLICT ("channel_id", "provider_message_id") DO NOTHING');
    return joined;
  }
}

/** The joined text: SMPP parts are joined as bytes and decoded once (a character may span two parts). */
function joinedText(ordered: readonly InboxMessageEntity[]): string {
  if (ordered.every((p) => p.partBytes != null && p.dataCoding != null)) {
    try {
      return joinSmppParts(ordered.map((p) => ({ base64: p.partBytes!, dataCoding: p.dataCoding! })));
    } catch {
      // Unreadable joined bytes: fall back to each part's own text rather than lose the message.
    }
  }
  return ordered.map((p) => p.text).join('');
}
