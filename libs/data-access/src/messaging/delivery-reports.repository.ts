import { In, LessThan, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { reserveRunSeqs } from '../pipeline/run-seq';
import { MessageEntity } from '../runs/message.entity';
import { RunStepEntity } from '../runs/run-step.entity';
import { DeliveryPartEntity, HeldReceiptEntity } from './delivery-report.entities';
import { OutboxProviderIdEntity, OutboxStateEntity } from './outbox-state.entity';

/** An MT delivery reports may concern, with what is known of its parts. Shared by all its part ids. */
export interface ReportedMessage {
  id: string;
  status: string;
  runId: string | null;
  nodeId: string | null;
  /** Every provider id of the message in part order (outbox_state.provider_ids). */
  providerIds: string[];
  /** Part number → last status, for parts that have had a receipt. */
  parts: Map<number, string>;
}

/** One provider id (of one part) and its message. */
export interface ReportTarget {
  channelId: string;
  providerId: string;
  message: ReportedMessage;
}

export interface RunStepNoteRow { runId: string; type: string; nodeId: string | null; reason: string; data: Record<string, unknown>; at: number }

const cast = <T>(v: unknown) => v as QueryDeepPartialEntity<T>;

/**
 * Batch-shaped SQL of delivery reports: one lookup of every candidate id of a batch, then one
 * statement per kind of write, whatever the number of receipts.
 */
export const deliveryReportsRepository = {
  /**
   * MTs of these channels carrying any of these provider ids (each part id is a key). On PostgreSQL
   * the messages are locked first and their parts read after the lock, so two writers (replicas)
   * applying receipts of the same message never both derive its status from a stale set of parts.
   */
  async lookup(m: EntityManager, channelIds: string[], providerIds: string[]): Promise<ReportTarget[]> {
    if (!channelIds.length || !providerIds.length) return [];
    const query = m.getRepository(OutboxProviderIdEntity).createQueryBuilder('p')
      .innerJoin(MessageEntity, 'msg', 'msg.id = p.messageId')
      .leftJoin(OutboxStateEntity, 's', 's.messageId = p.messageId')
      .select('p.channelId', 'channelId').addSelect('p.providerMessageId', 'providerId').addSelect('p.messageId', 'messageId')
      .addSelect('msg.status', 'status').addSelect('msg.runId', 'runId').addSelect('msg.nodeId', 'nodeId').addSelect('s.providerIds', 'providerIds')
      .where({ channelId: In(channelIds), providerMessageId: In(providerIds) });
    if (m.connection.options.type === 'postgres') query.setLock('pessimistic_write', undefined, ['msg']);
    const raw = await query.getRawMany<{ channelId: string; providerId: string; messageId: string; status: string; runId: string | null; nodeId: string | null;
      providerIds: string | null }>();
    if (!raw.length) return [];
    const parts = await m.getRepository(DeliveryPartEntity).find({ select: { messageId: true, part: true, status: true }, where: { messageId: In([...new Set(raw.map((r) => r.messageId))]) } });
    const messages = new Map<string, ReportedMessage>();
    for (const r of raw) {
      if (messages.has(r.messageId)) continue;
      const ids = r.providerIds ? (JSON.parse(r.providerIds) as string[]) : [];
      messages.set(r.messageId, { id: r.messageId, status: r.status, runId: r.runId, nodeId: r.nodeId, providerIds: ids.length ? ids : [r.providerId], parts: new Map() });
    }
    for (const p of parts) messages.get(p.messageId)?.parts.set(p.part, p.status);
    return raw.map((r) => ({ channelId: r.channelId, providerId: r.providerId, message: messages.get(r.messageId)! }));
  },

  async upsertParts(m: EntityManager, parts: DeliveryPartEntity[]): Promise<void> {
    for (let i = 0; i < parts.length; i += 100) {
      await m.createQueryBuilder().insert().into(DeliveryPartEntity).values(parts.slice(i, i + 100))
        .orUpdate(['status', 'provider_status', 'error_code', 'updated_at', 'total', 'provider_message_id'], ['message_id', 'part']).execute();
    }
  },

  /** Message status (one UPDATE per distinct status) and the outbox detail (one UPDATE with CASE). */
  async setOutcomes(m: EntityManager, outcomes: Map<string, { status?: string; detail: string }>, now: number): Promise<void> {
    const byStatus = new Map<string, string[]>();
    for (const [id, o] of outcomes) if (o.status) byStatus.set(o.status, [...(byStatus.get(o.status) ?? []), id]);
    for (const [status, ids] of byStatus) {
      await m.createQueryBuilder().update(MessageEntity).set({ status, updatedAt: now }).where({ id: In(ids) }).execute();
    }
    const ids = [...outcomes.keys()];
    if (!ids.length) return;
    const params: Record<string, string> = {};
    const whens = ids.map((id, i) => {
      params[`m${i}`] = id;
      params[`d${i}`] = outcomes.get(id)!.detail;
      return `WHEN :m${i} THEN CAST(:d${i} AS TEXT)`;
    });
    await m.createQueryBuilder().update(OutboxStateEntity).set(cast<OutboxStateEntity>({ detail: () => `CASE "message_id" ${whens.join(' ')} END` }))
      .where({ messageId: In(ids) }).setParameters(params).execute();
  },

  /** Appends run-log steps, numbered from the runs' reserved counter (`runs.next_seq`, as every writer). */
  async appendSteps(m: EntityManager, steps: RunStepNoteRow[]): Promise<void> {
    if (!steps.length) return;
    const counts = new Map<string, number>();
    for (const s of steps) counts.set(s.runId, (counts.get(s.runId) ?? 0) + 1);
    const reserved = await reserveRunSeqs(m, counts);
    // A run that no longer exists (erased) gets no note.
    const next = new Map(reserved);
    const rows = steps.filter((s) => next.has(s.runId)).map((s) => {
      const seq = next.get(s.runId)!;
      next.set(s.runId, seq + 1);
      return { runId: s.runId, seq, type: s.type, nodeId: s.nodeId, nodeType: null, handle: null, reason: s.reason, input: null, output: null,
        durationMs: null, error: null, at: s.at, data: s.data };
    });
    for (let i = 0; i < rows.length; i += 100) await m.getRepository(RunStepEntity).insert(cast<RunStepEntity>(rows.slice(i, i + 100)) as never);
  },

  async hold(m: EntityManager, rows: HeldReceiptEntity[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 100) await m.getRepository(HeldReceiptEntity).insert(cast<HeldReceiptEntity>(rows.slice(i, i + 100)) as never);
  },

  async release(m: EntityManager, ids: string[]): Promise<void> {
    if (ids.length) await m.getRepository(HeldReceiptEntity).delete({ id: In(ids) });
  },

  held(m: EntityManager, limit: number): Promise<HeldReceiptEntity[]> {
    return m.getRepository(HeldReceiptEntity).find({ order: { receivedAt: 'ASC' }, take: limit });
  },

  countHeld(m: EntityManager, olderThan?: number): Promise<number> {
    return m.getRepository(HeldReceiptEntity).countBy(olderThan === undefined ? {} : { receivedAt: LessThan(olderThan) });
  },
};
