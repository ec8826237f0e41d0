import type { DataSource, EntityManager } from 'typeorm';
import { InboxMessageEntity } from '../messaging/inbox-message.entity';
import { RunEntity } from '../runs/run.entity';
import { WaitingSessionEntity } from '../runs/waiting-session.entity';
import { hydrate, placeholder, selectList, tableOf } from './fast-sql';

/** Contacts are spread over this many partitions; a scaled worker owns a subset of them. */
export const PARTITIONS = 64;

/** The partition of a contact's number (FNV-1a): stable across processes and restarts. */
export function partitionOf(phone: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < phone.length; i++) {
    h ^= phone.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % PARTITIONS;
}

/**
 * Stored MOs to handle, oldest first, of the owned partitions (null: all), skipping contacts
 * that are busy in this process. Not a claim in the database: a batch marks its rows handled in
 * the transaction that writes their effects, so a crash leaves them stored for the next owner.
 */
export async function claimStoredInbox(ds: DataSource, owned: readonly number[] | null, busy: ReadonlySet<string>, limit: number): Promise<InboxMessageEntity[]> {
  if (owned && owned.length === 0) return [];
  const params: unknown[] = [];
  let where = `i."status" = 'stored'`;
  if (owned) {
    where += ` AND i."partition" IN (${owned.map((p, k) => placeholder(ds, k)).join(', ')})`;
    params.push(...owned);
  }
  // Over-read a little: rows of busy contacts are skipped here, not in SQL.
  const sql = `SELECT ${selectList(ds, InboxMessageEntity, 'i')} FROM ${tableOf(ds, InboxMessageEntity)} i WHERE ${where} ORDER BY i."received_at", i."id" LIMIT ${limit + busy.size}`;
  const rows = hydrate(ds, InboxMessageEntity, (await ds.query(sql, params)) as Record<string, unknown>[]);
  return rows.filter((r) => !busy.has(r.from)).slice(0, limit);
}

/** Waits whose deadline passed, with the contact's number (for partitions and ordering). */
export async function dueTimeouts(ds: DataSource, owned: readonly number[] | null, now: number, limit: number): Promise<{ runId: string; phone: string }[]> {
  if (owned && owned.length === 0) return [];
  const sql = `SELECT w."run_id" AS "run_id", r."contact_phone" AS "phone" FROM ${tableOf(ds, WaitingSessionEntity)} w JOIN ${tableOf(ds, RunEntity)} r ON r."id" = w."run_id" ` +
    `WHERE w."deadline" <= ${placeholder(ds, 0)} ORDER BY w."deadline" LIMIT ${limit}`;
  const rows = (await ds.query(sql, [now])) as { run_id: string; phone: string }[];
  const mine = owned ? new Set(owned) : null;
  return rows.filter((r) => !mine || mine.has(partitionOf(r.phone))).map((r) => ({ runId: r.run_id, phone: r.phone }));
}

export async function markInboxFailed(m: EntityManager, ids: readonly string[], error: string): Promise<void> {
  if (ids.length === 0) return;
  await m.query(`UPDATE ${tableOf(m, InboxMessageEntity)} SET "status" = 'failed', "error" = ${placeholder(m, 0)}, "updated_at" = ${placeholder(m, 1)} WHERE "id" IN (${ids.map((_, i) => placeholder(m, i + 2)).join(', ')})`,
    [error.slice(0, 2000), Date.now(), ...ids]);
}

/** Stored MOs not yet handled, and how long the oldest has waited (the pipeline's lag). */
export async function inboxBacklog(ds: DataSource, now = Date.now()): Promise<{ stored: number; lagMs: number }> {
  const rows = (await ds.query(`SELECT COUNT(*) AS "n", MIN("received_at") AS "oldest" FROM ${tableOf(ds, InboxMessageEntity)} WHERE "status" = 'stored'`)) as { n: number | string; oldest: number | string | null }[];
  const r = rows[0];
  return { stored: Number(r?.n ?? 0), lagMs: r?.oldest === null || r?.oldest === undefined ? 0 : Math.max(0, now - Number(r.oldest)) };
}
