import { ContactChannelStateEntity, ContactEntity, EventDeliveryEntity, hydrate, insertRows, MessageEntity, padIn, selectList, OutboxProviderIdEntity, OutboxStateEntity, writeTransaction } from '@moflow/data-access';
import { DataSource, type EntityManager } from 'typeorm';
import { OutboxSql, type Params } from './outbox-sql';
import { insertRunSteps, withSeqRetry, type RunNote } from './run-step-note';

/** A claimed MT: the message row and how many provider attempts it had. */
export interface ClaimedMt {
  message: MessageEntity;
  attempts: number;
}

/**
 * What the sender decided or learned about one MT. Unset fields stay as they are; every outcome
 * drops the lease. `note` also appends a `message_status` step (reason = detail) to the run log.
 */
export interface Outcome {
  message: Pick<MessageEntity, 'id' | 'runId' | 'nodeId' | 'channelId'>;
  status?: string;
  provider?: string;
  providerMessageId?: string | null;
  segments?: number;
  detail?: string;
  nextAttemptAt?: number;
  providerIds?: string[];
  note?: boolean;
}

/** What the gate needs of a batch's contacts, loaded in two statements. */
export interface GateData {
  timeZones: Map<string, string | null>;
  states: Map<string, ContactChannelStateEntity>;
}

const stateKey = (contactId: string, channelId: string) => `${contactId}|${channelId}`;
export { stateKey };

const MESSAGE_COLUMNS = ['id', 'direction', 'channel_id', 'contact_id', 'run_id', 'node_id', 'from_addr', 'to_addr', 'text', 'status', 'encoding', 'segments',
  'provider', 'provider_message_id', 'created_at', 'updated_at'] as const;

/**
 * The outbox's SQL, batch-shaped: one statement claims a batch, one transaction marks a batch
 * `sending`, one transaction records a batch of outcomes (status, bookkeeping, provider ids, run
 * log). Claims never hand one row to two senders: PostgreSQL takes rows `FOR UPDATE SKIP LOCKED`
 * and sets the lease in the same statement; SQLite has one writer (this process) anyway.
 */
export class OutboxRepository {
  private readonly sql: OutboxSql;
  private readonly messages: string;
  private readonly states: string;

  constructor(private readonly ds: DataSource) {
    this.sql = new OutboxSql(ds);
    this.messages = this.sql.table(MessageEntity);
    this.states = this.sql.table(OutboxStateEntity);
  }

  /** Leases up to `limit` due MTs (oldest first) to `owner` until `leaseUntil`, skipping the channels in `skipChannels`. */
  async claim(owner: string, now: number, leaseUntil: number, limit: number, skipChannels: readonly string[] = []): Promise<ClaimedMt[]> {
    // Placeholders are added in the order they appear in the text (SQLite's `?` are positional).
    const p = this.sql.params();
    const nowP = () => `CAST(${p.add(now)} AS BIGINT)`;
    const lease = p.add(owner);
    const until = `CAST(${p.add(leaseUntil)} AS BIGINT)`;
    const due = `${this.dueIds(p, now, skipChannels)} ORDER BY m2."created_at", m2."id" LIMIT ${p.add(limit)}`;
    if (this.sql.pg) {
      const rows = await this.sql.rows<Record<string, unknown>>(this.ds,
        `UPDATE ${this.states} s SET "lease_owner" = ${lease}, "lease_until" = ${until} FROM ${this.messages} m ` +
        `WHERE m."id" = s."message_id" AND s."message_id" IN (${due} FOR UPDATE OF s2 SKIP LOCKED) ` +
        `AND (s."lease_until" IS NULL OR s."lease_until" < ${nowP()}) ` +
        `RETURNING s."attempts" AS "attempts", ${MESSAGE_COLUMNS.map((c) => `m."${c}"`).join(', ')}`, p.values);
      return rows.map((r) => ({ message: toMessage(r), attempts: Number(r['attempts']) })).sort(byAge);
    }
    // SQLite: look before taking the write lock; most polls under load find nothing new, and an
    // empty write transaction still costs a commit.
    const look = this.sql.params();
    const anyDue = await this.sql.rows(this.ds, `${this.dueIds(look, now, skipChannels)} LIMIT 1`, look.values);
    if (anyDue.length === 0) return [];
    return writeTransaction(this.ds, async (m) => {
      const leased = await this.sql.rows<{ message_id: string; attempts: number }>(m,
        `UPDATE ${this.states} SET "lease_owner" = ${lease}, "lease_until" = ${until} WHERE "message_id" IN (${due}) RETURNING "message_id", "attempts"`, p.values);
      if (leased.length === 0) return [];
      const q = this.sql.params();
      const rows = await this.sql.rows<Record<string, unknown>>(m,
        `SELECT ${MESSAGE_COLUMNS.map((c) => `"${c}"`).join(', ')} FROM ${this.messages} WHERE "id" IN (${q.list(leased.map((l) => l.message_id))}) ORDER BY "created_at", "id"`, q.values);
      const attempts = new Map(leased.map((l) => [l.message_id, Number(l.attempts)]));
      return rows.map((r) => ({ message: toMessage(r), attempts: attempts.get(String(r['id'])) ?? 0 }));
    });
  }

  /**
   * The ids of MTs that may go to a provider now, in any order: queued or deferred, due, not leased,
   * not on a skipped channel, and the oldest unfinished MT of their contact (one contact's MTs reach
   * the provider in order). Its placeholders are added to `p`.
   */
  private dueIds(p: Params, now: number, skipChannels: readonly string[]): string {
    const nowP = () => `CAST(${p.add(now)} AS BIGINT)`;
    return `SELECT s2."message_id" FROM ${this.states} s2 JOIN ${this.messages} m2 ON m2."id" = s2."message_id" ` +
      `WHERE m2."direction" = 'out' AND m2."status" IN ('queued', 'deferred') AND s2."next_attempt_at" <= ${nowP()} ` +
      `AND (s2."lease_until" IS NULL OR s2."lease_until" < ${nowP()})` +
      `${skipChannels.length ? ` AND (m2."channel_id" IS NULL OR m2."channel_id" NOT IN (${p.list(skipChannels)}))` : ''} ` +
      `AND (m2."contact_id" IS NULL OR NOT EXISTS (SELECT 1 FROM ${this.messages} m3 WHERE m3."contact_id" = m2."contact_id" ` +
      // `created_at <=` first: an index range on (contact_id, created_at). Without it SQLite answers the OR
      // with a second index over every message of the same millisecond, quadratic in a batch's size.
      `AND m3."direction" = 'out' AND m3."status" IN ('queued', 'sending') AND m3."created_at" <= m2."created_at" ` +
      `AND (m3."created_at" < m2."created_at" OR m3."id" < m2."id")))`;
  }

  /** Time zones and per-channel states of the batch's contacts. */
  async gateData(batch: readonly ClaimedMt[]): Promise<GateData> {
    const contactIds = [...new Set(batch.map((b) => b.message.contactId).filter((id): id is string => id !== null))];
    if (contactIds.length === 0) return { timeZones: new Map(), states: new Map() };
    const p = this.sql.params();
    const list = p.list(contactIds);
    // both read in parallel on PostgreSQL (one connection, one after the other, on SQLite)
    const [contacts, raw] = await Promise.all([
      this.sql.rows<{ id: string; timezone: string | null }>(this.ds, `SELECT "id", "timezone" FROM ${this.sql.table(ContactEntity)} WHERE "id" IN (${list})`, p.values),
      this.sql.rows<Record<string, unknown>>(this.ds,
        `SELECT ${selectList(this.ds, ContactChannelStateEntity, 's')} FROM ${this.sql.table(ContactChannelStateEntity)} s WHERE s."contact_id" IN (${list})`, p.values),
    ]);
    const states = hydrate(this.ds, ContactChannelStateEntity, raw);
    return {
      timeZones: new Map(contacts.map((c) => [c.id, c.timezone])),
      states: new Map(states.map((s) => [stateKey(s.contactId, s.channelId), s])),
    };
  }

  /** Committed before any provider call: a crash after it leaves the rows `sending`, which are never resent. */
  async markSending(ids: readonly string[], now = Date.now()): Promise<void> {
    if (ids.length === 0) return;
    await writeTransaction(this.ds, async (m) => {
      const p = this.sql.params();
      const at = p.add(now);
      await m.query(`UPDATE ${this.messages} SET "status" = 'sending', "updated_at" = ${at} WHERE "id" IN (${p.list(ids)})`, p.values);
      const q = this.sql.params();
      await m.query(`UPDATE ${this.states} SET "attempts" = "attempts" + 1 WHERE "message_id" IN (${q.list(ids)})`, q.values);
    });
  }

  /** Keeps the leases of MTs still in this sender's hands from running out. */
  async extendLeases(owner: string, ids: readonly string[], leaseUntil: number): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      const p = this.sql.params();
      const until = p.add(leaseUntil);
      const who = p.add(owner);
      await writeTransaction(this.ds, (m) => m.query(
        `UPDATE ${this.states} SET "lease_until" = ${until} WHERE "lease_owner" = ${who} AND "message_id" IN (${p.list(ids.slice(i, i + 500))})`, p.values));
    }
  }

  /** Records a batch of outcomes in one transaction (retried whole when a run-log sequence number collides). */
  /** `events`: event-subscription deliveries of these results, written in the same transaction. */
  async record(outcomes: readonly Outcome[], now = Date.now(), events: readonly EventDeliveryEntity[] = []): Promise<void> {
    if (outcomes.length === 0) return;
    await withSeqRetry(() => writeTransaction(this.ds, async (m) => {
      if (events.length) await insertRows(m, EventDeliveryEntity, events);
      await this.updateMessages(m, outcomes.filter((o) => o.status !== undefined), now);
      await this.updateStates(m, outcomes);
      const refs = outcomes.flatMap((o) => (o.providerIds?.length && o.message.channelId
        ? [...new Set(o.providerIds)].map((providerMessageId) => ({ channelId: o.message.channelId!, providerMessageId, messageId: o.message.id }))
        : []));
      if (refs.length) await insertRows(m, OutboxProviderIdEntity, refs, 'ON CONFLICT DO NOTHING');
      const notes: RunNote[] = outcomes.filter((o) => o.note && o.message.runId).map((o) => ({
        runId: o.message.runId!, type: 'message_status', nodeId: o.message.nodeId, reason: o.detail ?? '', data: { messageId: o.message.id, status: o.status },
      }));
      await insertRunSteps(m, notes);
    }));
  }

  /** MTs whose sender died during the provider call (still `sending`, lease run out). */
  async unknownOutcomes(now: number, exceptOwner: string, limit = 500): Promise<MessageEntity[]> {
    const p = this.sql.params();
    const rows = await this.sql.rows<Record<string, unknown>>(this.ds,
      `SELECT ${MESSAGE_COLUMNS.map((c) => `m."${c}"`).join(', ')} FROM ${this.messages} m JOIN ${this.states} s ON s."message_id" = m."id" ` +
      `WHERE m."direction" = 'out' AND m."status" = 'sending' AND s."lease_until" < ${p.add(now)} ` +
      `AND (s."lease_owner" IS NULL OR s."lease_owner" <> ${p.add(exceptOwner)}) LIMIT ${p.add(limit)}`, p.values);
    return rows.map(toMessage);
  }

  /**
   * Drops every other owner's lease on MTs not yet at a provider (queued, deferred): with SQLite there
   * is one process, so at its start those owners are gone, and their MTs need not wait for the lease.
   */
  async releaseForeignLeases(owner: string): Promise<void> {
    const p = this.sql.params();
    await writeTransaction(this.ds, (m) => m.query(
      `UPDATE ${this.states} SET "lease_owner" = NULL, "lease_until" = NULL WHERE "lease_owner" IS NOT NULL AND "lease_owner" <> ${p.add(owner)} ` +
      `AND "message_id" IN (SELECT "id" FROM ${this.messages} WHERE "direction" = 'out' AND "status" IN ('queued', 'deferred'))`, p.values));
  }

  /** Bookkeeping rows for queued MTs written without one (a writer that predates outbox_state rows, or given ids). */
  async ensureStates(ids?: readonly string[]): Promise<void> {
    if (ids && ids.length === 0) return;
    const p = this.sql.params();
    const only = ids ? ` AND m."id" IN (${p.list(ids)})` : '';
    await writeTransaction(this.ds, (m) => m.query(
      `INSERT INTO ${this.states} ("message_id", "next_attempt_at", "attempts", "lease_owner", "lease_until", "detail", "provider_ids", "in_reply_to") ` +
      `SELECT m."id", 0, 0, NULL, NULL, NULL, NULL, NULL FROM ${this.messages} m WHERE m."direction" = 'out' AND m."status" = 'queued'${only} ` +
      `AND NOT EXISTS (SELECT 1 FROM ${this.states} s WHERE s."message_id" = m."id") ON CONFLICT DO NOTHING`, p.values));
  }

  /** Due MTs and the age of the oldest one (ms), for the metrics. */
  async backlog(now: number): Promise<{ depth: number; oldestDueAt: number | null }> {
    const p = this.sql.params();
    const nowP = `CAST(${p.add(now)} AS BIGINT)`;
    const [row] = await this.sql.rows<{ depth: unknown; oldest: unknown }>(this.ds,
      `SELECT COUNT(*) AS "depth", MIN(CASE WHEN s."next_attempt_at" > m."created_at" THEN s."next_attempt_at" ELSE m."created_at" END) AS "oldest" ` +
      `FROM ${this.messages} m JOIN ${this.states} s ON s."message_id" = m."id" ` +
      `WHERE m."direction" = 'out' AND m."status" IN ('queued', 'deferred') AND s."next_attempt_at" <= ${nowP}`, p.values);
    return { depth: Number(row?.depth ?? 0), oldestDueAt: row?.oldest === null || row?.oldest === undefined ? null : Number(row.oldest) };
  }

  private async updateMessages(m: EntityManager, outcomes: readonly Outcome[], now: number): Promise<void> {
    if (outcomes.length === 0) return;
    const p = this.sql.params();
    // padded like an IN list: a repeated row sets the same values again
    const tuples = padIn(outcomes).map((o) => `(${p.add(o.message.id)}, ${p.add(o.status)}, ${p.add(o.provider ?? null)}, ` +
      `${p.add(o.providerMessageId ?? null)}, CAST(${p.add(o.segments ?? null)} AS INTEGER))`).join(', ');
    await m.query(`WITH v("id", "status", "provider", "pmid", "segments") AS (VALUES ${tuples}) ` +
      `UPDATE ${this.messages} AS t SET "status" = v."status", "provider" = COALESCE(v."provider", t."provider"), ` +
      `"provider_message_id" = COALESCE(v."pmid", t."provider_message_id"), "segments" = COALESCE(v."segments", t."segments"), ` +
      `"updated_at" = ${p.add(now)} FROM v WHERE t."id" = v."id"`, p.values);
  }

  private async updateStates(m: EntityManager, outcomes: readonly Outcome[]): Promise<void> {
    const p = this.sql.params();
    const tuples = padIn(outcomes).map((o) => `(${p.add(o.message.id)}, ${p.add(o.detail ?? null)}, CAST(${p.add(o.nextAttemptAt ?? null)} AS BIGINT), ` +
      `${p.add(o.providerIds ? JSON.stringify(o.providerIds) : null)})`).join(', ');
    await m.query(`WITH v("id", "detail", "next", "pids") AS (VALUES ${tuples}) ` +
      `UPDATE ${this.states} AS t SET "lease_owner" = NULL, "lease_until" = NULL, "detail" = COALESCE(v."detail", t."detail"), ` +
      `"next_attempt_at" = COALESCE(v."next", t."next_attempt_at"), "provider_ids" = COALESCE(v."pids", t."provider_ids") ` +
      `FROM v WHERE t."message_id" = v."id"`, p.values);
  }
}

function byAge(a: ClaimedMt, b: ClaimedMt): number {
  return a.message.createdAt - b.message.createdAt || (a.message.id < b.message.id ? -1 : a.message.id > b.message.id ? 1 : 0);
}

function toMessage(r: Record<string, unknown>): MessageEntity {
  const str = (k: string) => (r[k] === null || r[k] === undefined ? null : String(r[k]));
  const num = (k: string) => (r[k] === null || r[k] === undefined ? null : Number(r[k]));
  return {
    id: String(r['id']), direction: r['direction'] as 'in' | 'out', channelId: str('channel_id'), contactId: str('contact_id'), runId: str('run_id'),
    nodeId: str('node_id'), from: String(r['from_addr'] ?? ''), to: String(r['to_addr'] ?? ''), text: String(r['text'] ?? ''), status: String(r['status']),
    encoding: str('encoding'), segments: num('segments'), provider: str('provider'), providerMessageId: str('provider_message_id'),
    createdAt: Number(r['created_at']), updatedAt: Number(r['updated_at']),
  };
}
