import { type DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { ConsentEventEntity } from '../messaging/consent-event.entity';
import { ContactChannelStateEntity } from '../messaging/contact-channel-state.entity';
import { EventDeliveryEntity } from '../messaging/event-subscription.entities';
import { InboxMessageEntity } from '../messaging/inbox-message.entity';
import { OutboxStateEntity } from '../messaging/outbox-state.entity';
import { TicketDetailsEntity, TicketThreadEntryEntity } from '../messaging/ticket-details.entity';
import { ContactEntity } from '../runs/contact.entity';
import { IdempotencyKeyEntity } from '../runs/idempotency-key.entity';
import { MessageEntity } from '../runs/message.entity';
import { RunNodeDayEntity } from '../console/node-day.entity';
import { flowHourIncrements, RunFlowHourEntity } from '../console/flow-hour.entity';
import { RunNodeStatEntity } from '../runs/node-stat.entity';
import { RunStepEntity } from '../runs/run-step.entity';
import { RunEntity } from '../runs/run.entity';
import { TicketEntity } from '../runs/ticket.entity';
import { WaitingSessionEntity } from '../runs/waiting-session.entity';
import { hydrate, insertRows, padIn, placeholder, selectList, tableOf } from './fast-sql';
import { reserveRunSeqs } from './run-seq';

/** Everything one batch of turns changed: written by `writeTurnBatch` in ONE transaction. */
export interface TurnBatchWrites {
  newContacts: ContactEntity[];
  /** Contacts a flow changed (name, fields, subscriptions): full rows. */
  contactUpdates: ContactEntity[];
  /** Runs started or changed by the batch (`nextSeq` is only used for new runs). */
  runs: { row: RunEntity; isNew: boolean }[];
  /** Run-log rows per run, without `seq`: numbered from the run row when written. */
  steps: Map<string, Omit<RunStepEntity, 'seq'>[]>;
  messages: MessageEntity[];
  outboxStates: OutboxStateEntity[];
  /** Inbox rows this batch handled. */
  handledInbox: string[];
  /** Runs whose waiting session ends (resumed, cancelled, superseded). */
  endedSessions: string[];
  newSessions: WaitingSessionEntity[];
  /** (contact, channel) pairs with their latest inbound time. */
  inboundTouches: { contactId: string; channelId: string; at: number }[];
  /** Opt-out changes (the consent log row is in `consentEvents`). */
  optChanges: { contactId: string; channelId: string; optedOut: boolean; at: number }[];
  consentEvents: ConsentEventEntity[];
  tickets: TicketEntity[];
  ticketDetails: TicketDetailsEntity[];
  threadEntries: TicketThreadEntryEntity[];
  nodeStats: RunNodeStatEntity[];
  /** The same increments per day the run started (flow analytics over any range). */
  nodeDays: RunNodeDayEntity[];
  idempotencyKeys: IdempotencyKeyEntity[];
  /** Event-subscription deliveries of what this batch did (filled after the merge). */
  eventDeliveries: EventDeliveryEntity[];
}

export function emptyTurnBatch(): TurnBatchWrites {
  return {
    newContacts: [], contactUpdates: [], runs: [], steps: new Map(), messages: [], outboxStates: [], handledInbox: [], endedSessions: [],
    newSessions: [], inboundTouches: [], optChanges: [], consentEvents: [], tickets: [], ticketDetails: [], threadEntries: [], nodeStats: [],
    nodeDays: [], idempotencyKeys: [], eventDeliveries: [],
  };
}

/** What the turns of a batch read, loaded in a few statements for all its contacts. */
export interface TurnBatchContext {
  contactsByPhone: Map<string, ContactEntity>;
  /** Waiting runs by `${contactId}|${channelKey}`. */
  waiting: Map<string, RunEntity>;
  /** Runs named by the batch (timeouts, lookups), by id. */
  runsById: Map<string, RunEntity>;
  /** Opt-out and last-inbound state by `${contactId}|${channelId}`. */
  channelStates: Map<string, ContactChannelStateEntity>;
  /** The newest open or pending ticket per contact. */
  openTickets: Map<string, string>;
}

export const sessionKey = (contactId: string, channelKey: string) => `${contactId}|${channelKey}`;

const CHUNK = 200;

function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

async function insertAll<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, rows: readonly T[], suffix = ''): Promise<void> {
  for (const part of chunks(rows)) await insertRows(m, target, part, suffix);
}

function inList(db: DataSource | EntityManager, values: readonly unknown[], offset = 0): string {
  return values.map((_, i) => placeholder(db, offset + i)).join(', ');
}

/**
 * The batch's bulk reads: contacts by phone, their waiting runs, named runs, channel states and
 * open tickets. A handful of statements whatever the batch size (chunked IN lists).
 */
export async function loadTurnBatch(ds: DataSource, phones: readonly string[], runIds: readonly string[]): Promise<TurnBatchContext> {
  const ctx: TurnBatchContext = { contactsByPhone: new Map(), waiting: new Map(), runsById: new Map(), channelStates: new Map(), openTickets: new Map() };
  for (const part of chunks([...new Set(phones)], 512).map(padIn)) {
    const raw = (await ds.query(`SELECT ${selectList(ds, ContactEntity, 'c')} FROM ${tableOf(ds, ContactEntity)} c WHERE c."phone" IN (${inList(ds, part)})`, part)) as Record<string, unknown>[];
    for (const c of hydrate(ds, ContactEntity, raw)) ctx.contactsByPhone.set(c.phone, c);
  }
  const contactIds = [...ctx.contactsByPhone.values()].map((c) => c.id);
  for (const part of chunks(contactIds, 512).map(padIn)) {
    const sql = `SELECT w."channel_key" AS "w_channel_key", ${selectList(ds, RunEntity, 'r')} FROM ${tableOf(ds, WaitingSessionEntity)} w ` +
      `JOIN ${tableOf(ds, RunEntity)} r ON r."id" = w."run_id" WHERE w."contact_id" IN (${inList(ds, part)})`;
    const raw = (await ds.query(sql, part)) as Record<string, unknown>[];
    const runs = hydrate(ds, RunEntity, raw);
    runs.forEach((r, i) => ctx.waiting.set(sessionKey(r.contactId, String(raw[i]!['w_channel_key'])), r));
    const states = hydrate(ds, ContactChannelStateEntity, (await ds.query(
      `SELECT ${selectList(ds, ContactChannelStateEntity, 's')} FROM ${tableOf(ds, ContactChannelStateEntity)} s WHERE s."contact_id" IN (${inList(ds, part)})`, part)) as Record<string, unknown>[]);
    for (const s of states) ctx.channelStates.set(`${s.contactId}|${s.channelId}`, s);
    const tickets = (await ds.query(
      `SELECT t."id" AS "id", t."contact_id" AS "contactId" FROM ${tableOf(ds, TicketEntity)} t WHERE t."contact_id" IN (${inList(ds, part)}) ` +
      `AND t."status" IN ('open', 'pending') ORDER BY t."created_at" ASC`, part)) as { id: string; contactId: string }[];
    for (const t of tickets) ctx.openTickets.set(t.contactId, t.id);
  }
  for (const part of chunks([...new Set(runIds)], 512).map(padIn)) {
    const raw = (await ds.query(`SELECT ${selectList(ds, RunEntity, 'r')} FROM ${tableOf(ds, RunEntity)} r WHERE r."id" IN (${inList(ds, part)})`, part)) as Record<string, unknown>[];
    for (const r of hydrate(ds, RunEntity, raw)) ctx.runsById.set(r.id, r);
  }
  return ctx;
}

/** The batch's MOs were handled by another process meanwhile (a partition changed hands): nothing was written. */
export class HandledElsewhereError extends Error {
  constructor(expected: number, got: number) {
    super(`${expected - got} of ${expected} inbox rows were no longer stored`);
  }
}

/** Runs a write and answers how many rows it changed (both drivers, through TypeORM's structured result). */
async function execute(m: EntityManager, sql: string, params: unknown[]): Promise<number> {
  if (!m.queryRunner) throw new Error('writeTurnBatch must run inside a transaction');
  const result = (await m.queryRunner.query(sql, params, true)) as { affected?: number };
  return Number(result.affected ?? 0);
}

/** Thrown when a new contact's number was stored by another process meanwhile: nothing was written. */
export class ContactConflictError extends Error {
  constructor(readonly phones: string[]) {
    super(`contacts created concurrently: ${phones.join(', ')}`);
  }
}

const RUN_UPDATE = ['flow_version', 'status', 'contact_id', 'contact_phone', 'channel_id', 'trigger', 'state', 'current_node_id', 'error',
  'wait_deadline', 'updated_at', 'ended_at'].map((c) => `"${c}" = EXCLUDED."${c}"`).join(', ');

/**
 * MTs of the batch the committing process's own sender takes at once: leased to `owner` in the
 * batch's write, so that sender needs no claim (and no commit) of its own for them.
 */
export interface MtAdoption {
  owner: string;
  leaseUntil: number;
  /** At most this many (the sender's free room). */
  max: number;
}

/**
 * The batch's queued MTs that may go to the provider now, per contact in order: the first MT of each
 * contact that has no older MT still queued or sending (one reads the others after it in the sender's
 * usual claim). One statement for the whole batch.
 */
async function adoptMts(m: EntityManager, w: TurnBatchWrites, adoption: MtAdoption): Promise<MessageEntity[]> {
  const queued = w.messages.filter((msg) => msg.direction === 'out' && msg.status === 'queued' && msg.contactId !== null);
  if (queued.length === 0 || adoption.max <= 0) return [];
  const contactIds = [...new Set(queued.map((msg) => msg.contactId!))];
  const busy = new Set<string>();
  // By contact: SQLite without statistics would walk the (direction, status) index over every MT
  // still queued, and a carrier's rate limit can leave tens of thousands queued during a campaign
  // (45,000 queued: 35 ms per batch that way, 0.5 ms by contact).
  const messages = m.connection.options.type === 'postgres' ? tableOf(m, MessageEntity) : `${tableOf(m, MessageEntity)} INDEXED BY "IDX_messages_contact"`;
  for (const part of chunks(contactIds, 512).map(padIn)) {
    const rows = (await m.query(
      `SELECT DISTINCT "contact_id" AS "contactId" FROM ${messages} WHERE "direction" = 'out' AND "status" IN ('queued', 'sending') AND "contact_id" IN (${inList(m, part)})`,
      part,
    )) as { contactId: string }[];
    for (const r of rows) busy.add(r.contactId);
  }
  const first = new Map<string, MessageEntity>();
  for (const msg of queued) {
    if (busy.has(msg.contactId!)) continue;
    const seen = first.get(msg.contactId!);
    if (!seen || msg.createdAt < seen.createdAt || (msg.createdAt === seen.createdAt && msg.id < seen.id)) first.set(msg.contactId!, msg);
  }
  const adopted = [...first.values()].slice(0, adoption.max);
  const ids = new Set(adopted.map((msg) => msg.id));
  w.outboxStates = w.outboxStates.map((s) => (ids.has(s.messageId) ? { ...s, leaseOwner: adoption.owner, leaseUntil: adoption.leaseUntil } : s));
  return adopted;
}

/**
 * Writes a whole batch in the caller's transaction with multi-row statements: contacts, runs
 * (upsert), run-log steps numbered from the run rows, messages and outbox rows, inbox rows marked
 * handled, waiting sessions, channel states and consent, tickets, node stats, idempotency keys.
 */
export async function writeTurnBatch(m: EntityManager, w: TurnBatchWrites, adoption?: MtAdoption): Promise<MessageEntity[]> {
  for (const part of chunks(w.handledInbox, 512)) {
    // The fence: only rows still stored, so two owners of a partition can never both commit an MO.
    // (The padded list repeats an id: each row still changes once.)
    const ids = padIn(part);
    const changed = await execute(m, `UPDATE ${tableOf(m, InboxMessageEntity)} SET "status" = 'handled', "updated_at" = ${placeholder(m, 0)} WHERE "status" = 'stored' AND "id" IN (${inList(m, ids, 1)})`, [Date.now(), ...ids]);
    if (changed !== part.length) throw new HandledElsewhereError(part.length, changed);
  }
  if (w.newContacts.length) {
    for (const part of chunks(w.newContacts)) {
      const inserted = (await insertRows(m, ContactEntity, part, 'ON CONFLICT ("phone") DO NOTHING RETURNING "phone"')) as unknown;
      const rows = (Array.isArray(inserted) && Array.isArray(inserted[0]) ? inserted[0] : inserted) as { phone: string }[];
      if (rows.length !== part.length) {
        const got = new Set(rows.map((r) => r.phone));
        throw new ContactConflictError(part.filter((c) => !got.has(c.phone)).map((c) => c.phone));
      }
    }
  }
  for (const c of w.contactUpdates) {
    await m.getRepository(ContactEntity).update({ id: c.id }, { name: c.name, fields: c.fields as never, subscriptions: c.subscriptions, updatedAt: c.updatedAt });
  }
  if (w.runs.length) await insertAll(m, RunEntity, w.runs.map((r) => r.row), `ON CONFLICT ("id") DO UPDATE SET ${RUN_UPDATE}`);
  const existing = new Map<string, number>();
  const fresh = new Set(w.runs.filter((r) => r.isNew).map((r) => r.row.id));
  for (const [runId, steps] of w.steps) if (!fresh.has(runId)) existing.set(runId, steps.length);
  const firstSeq = await reserveRunSeqs(m, existing);
  const steps: RunStepEntity[] = [];
  for (const [runId, list] of w.steps) {
    const start = firstSeq.get(runId) ?? 0;
    list.forEach((s, i) => steps.push({ ...s, seq: start + i }));
  }
  await insertAll(m, RunStepEntity, steps);
  const adopted = adoption ? await adoptMts(m, w, adoption) : [];
  await insertAll(m, MessageEntity, w.messages, 'ON CONFLICT ("id") DO NOTHING');
  await insertAll(m, OutboxStateEntity, w.outboxStates, 'ON CONFLICT ("message_id") DO NOTHING');
  for (const part of chunks(w.endedSessions, 512).map(padIn)) {
    await m.query(`DELETE FROM ${tableOf(m, WaitingSessionEntity)} WHERE "run_id" IN (${inList(m, part)})`, part);
  }
  await insertAll(m, WaitingSessionEntity, w.newSessions);
  await insertAll(m, ContactChannelStateEntity, w.inboundTouches.map((t) => ({ contactId: t.contactId, channelId: t.channelId, optedOut: false, optChangedAt: null, lastInboundAt: t.at })),
    'ON CONFLICT ("contact_id", "channel_id") DO UPDATE SET "last_inbound_at" = EXCLUDED."last_inbound_at"');
  await insertAll(m, ContactChannelStateEntity, w.optChanges.map((t) => ({ contactId: t.contactId, channelId: t.channelId, optedOut: t.optedOut, optChangedAt: t.at, lastInboundAt: t.at })),
    'ON CONFLICT ("contact_id", "channel_id") DO UPDATE SET "opted_out" = EXCLUDED."opted_out", "opt_changed_at" = EXCLUDED."opt_changed_at"');
  await insertAll(m, ConsentEventEntity, w.consentEvents);
  await insertAll(m, TicketEntity, w.tickets);
  await insertAll(m, TicketDetailsEntity, w.ticketDetails, 'ON CONFLICT ("ticket_id") DO UPDATE SET "updated_at" = EXCLUDED."updated_at"');
  await insertAll(m, TicketThreadEntryEntity, w.threadEntries);
  await insertAll(m, RunNodeStatEntity, w.nodeStats, 'ON CONFLICT ("flow_id", "node_id", "handle") DO UPDATE SET "count" = "run_node_stats"."count" + EXCLUDED."count"');
  await insertAll(m, RunFlowHourEntity, flowHourIncrements(w.runs.filter((r) => r.isNew).map((r) => r.row)),
    'ON CONFLICT ("flow_id", "hour") DO UPDATE SET "count" = "run_flow_hours"."count" + EXCLUDED."count"');
  await insertAll(m, RunNodeDayEntity, w.nodeDays, 'ON CONFLICT ("flow_id", "day", "node_id", "handle") DO UPDATE SET "count" = "run_node_days"."count" + EXCLUDED."count"');
  await insertAll(m, IdempotencyKeyEntity, w.idempotencyKeys);
  await insertAll(m, EventDeliveryEntity, w.eventDeliveries);
  return adopted;
}
