import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InboxMessageEntity, newId } from '@moflow/data-access';
import type { InboundMessageSnapshot } from '@moflow/flow-engine';
import type { InboundMessage } from '@moflow/sms';
import { DataSource, In, LessThan } from 'typeorm';
import type { JobQueue } from '../dispatch/dispatch-job';
import { JOB_QUEUE } from '../dispatch/dispatch.tokens';
import { writeTransaction } from '../runs/sqlite-write-lock';
import { row } from '../runs/typeorm-rows';

/** How long the parts of a concatenated MO wait for the missing ones (as libs/sms's assembler). */
const CONCAT_TIMEOUT_MS = 60_000;

export interface StoreResult {
  /** Inbox ids of complete messages stored by this call (not duplicates, not incomplete parts). */
  stored: string[];
  duplicates: number;
  partsWaiting: number;
}

export function snapshotOf(r: InboxMessageEntity): InboundMessageSnapshot {
  return { id: r.id, text: r.text, from: r.from, to: r.to, channelId: r.channelId, receivedAt: new Date(r.receivedAt).toISOString() };
}

/**
 * The durable MO store. `store` commits before the webhook answers 2xx; the dispatcher is told
 * afterwards, and a start-up sweep hands it whatever was stored but never handled (a crash between
 * the 2xx and the dispatch). Parts of a concatenated MO wait as `part` rows; the part that completes
 * a group writes the joined message, whose provider id is derived from the parts so a concurrent
 * completion by another replica collides on the unique index instead of doubling the message.
 */
@Injectable()
export class InboxService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Inbox');
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly ds: DataSource, @Inject(JOB_QUEUE) private readonly queue: JobQueue) {}

  async onApplicationBootstrap(): Promise<void> {
    const pending = await this.ds.getRepository(InboxMessageEntity).find({ where: { status: 'stored' }, order: { receivedAt: 'ASC' } });
    if (pending.length) this.logger.warn(`re-dispatching ${pending.length} stored but unhandled inbound message(s)`);
    for (const r of pending) await this.dispatch(r);
    this.timer = setInterval(() => {
      this.releaseIncomplete().catch((err: unknown) => this.logger.error(`incomplete concat groups: ${(err as Error).message}`));
    }, 10_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * Parts whose group never completed (a lost part) are delivered with what arrived after
   * `maxAgeMs`, marked with […] where parts are missing: a partial message beats a lost one.
   */
  async releaseIncomplete(maxAgeMs = CONCAT_TIMEOUT_MS, now = Date.now()): Promise<number> {
    const stale = await this.ds.getRepository(InboxMessageEntity).find({ where: { status: 'part', receivedAt: LessThan(now - maxAgeMs) }, order: { concatPart: 'ASC' } });
    const groups = new Map<string, InboxMessageEntity[]>();
    for (const p of stale) {
      const key = [p.channelId, p.from, p.concatRef, p.concatTotal].join('\u0000');
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    for (const parts of groups.values()) {
      const first = parts[0]!;
      const byPart = new Map(parts.map((p) => [p.concatPart, p.text]));
      const text = Array.from({ length: first.concatTotal ?? parts.length }, (_, i) => byPart.get(i + 1) ?? '[…]').join('');
      const joined: InboxMessageEntity = {
        ...first, id: newId(), status: 'stored', concatRef: null, concatTotal: null, concatPart: null, text, updatedAt: now,
        providerMessageId: 'concat:' + createHash('sha256').update(parts.map((p) => p.providerMessageId).join('\n')).digest('hex').slice(0, 40),
        error: `incomplete: ${parts.length} of ${first.concatTotal} parts arrived`,
      };
      await writeTransaction(this.ds, async (m) => {
        await m.getRepository(InboxMessageEntity).update({ id: In(parts.map((p) => p.id)) }, { status: 'merged', updatedAt: now });
        await m.getRepository(InboxMessageEntity).insert(row(joined));
      });
      await this.dispatch(joined);
    }
    return groups.size;
  }

  async store(channelId: string, provider: string, messages: readonly InboundMessage[]): Promise<StoreResult> {
    const result: StoreResult = { stored: [], duplicates: 0, partsWaiting: 0 };
    const complete: InboxMessageEntity[] = [];
    await writeTransaction(this.ds, async (m) => {
      const repo = m.getRepository(InboxMessageEntity);
      for (const msg of messages) {
        const now = Date.now();
        const at = msg.receivedAt ? Date.parse(msg.receivedAt) : now;
        const isPart = !!msg.concat && msg.concat.total > 1;
        const entry: InboxMessageEntity = {
          id: newId(), channelId, providerMessageId: msg.providerMessageId, provider, from: msg.from, to: msg.to, text: msg.text, partition: 0,
          status: isPart ? 'part' : 'stored', concatRef: msg.concat?.ref ?? null, concatTotal: msg.concat?.total ?? null,
          concatPart: msg.concat?.part ?? null, error: null, receivedAt: Number.isFinite(at) ? at : now, updatedAt: now,
        };
        const inserted = await m.createQueryBuilder().insert().into(InboxMessageEntity).values(row(entry)).orIgnore().execute();
        if (!inserted.identifiers.length || !(await repo.existsBy({ id: entry.id }))) {
          result.duplicates++;
          continue;
        }
        if (!isPart) {
          complete.push(entry);
          continue;
        }
        const parts = await repo.find({ where: { channelId, from: entry.from, concatRef: entry.concatRef ?? '', status: 'part' }, order: { concatPart: 'ASC' } });
        const byPart = new Map(parts.filter((p) => p.concatTotal === entry.concatTotal).map((p) => [p.concatPart, p]));
        if (byPart.size < (entry.concatTotal ?? 0)) {
          result.partsWaiting++;
          continue;
        }
        const ordered = [...byPart.values()];
        const joined: InboxMessageEntity = {
          ...entry, id: newId(), status: 'stored', concatRef: null, concatTotal: null, concatPart: null,
          providerMessageId: 'concat:' + createHash('sha256').update(ordered.map((p) => p.providerMessageId).join('\n')).digest('hex').slice(0, 40),
          text: ordered.map((p) => p.text).join(''), receivedAt: Math.min(...ordered.map((p) => p.receivedAt)),
        };
        await repo.update({ id: In(ordered.map((p) => p.id)) }, { status: 'merged', updatedAt: now });
        await repo.insert(row(joined));
        complete.push(joined);
      }
    });
    for (const entry of complete) {
      result.stored.push(entry.id);
      await this.dispatch(entry);
    }
    return result;
  }

  async markHandled(id: string, status: 'handled' | 'failed', error: string | null = null): Promise<void> {
    await writeTransaction(this.ds, (m) => m.getRepository(InboxMessageEntity).update({ id }, { status, error, updatedAt: Date.now() }));
  }

  private async dispatch(entry: InboxMessageEntity): Promise<void> {
    try {
      await this.queue.enqueue({ kind: 'inbound', key: entry.from, message: snapshotOf(entry) });
    } catch (err) {
      // Still stored: the next start-up sweep hands it over.
      this.logger.error(`could not queue inbound ${entry.id}: ${(err as Error).message}`);
    }
  }
}
