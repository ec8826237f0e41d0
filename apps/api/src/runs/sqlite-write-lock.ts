import type { DataSource, EntityManager } from 'typeorm';

const tails = new WeakMap<DataSource, Promise<unknown>>();

/**
 * better-sqlite3 gives TypeORM ONE connection, so two overlapping `transaction()` calls (bursts of
 * two contacts running concurrently) fail with "cannot start a transaction within a transaction".
 * SQLite allows one writer anyway: queue the transactions. PostgreSQL runs them in parallel.
 */
export function writeTransaction<T>(ds: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> {
  if (ds.options.type !== 'better-sqlite3' && ds.options.type !== 'sqlite') return ds.transaction(work);
  const previous = tails.get(ds) ?? Promise.resolve();
  const next = previous.then(() => ds.transaction(work));
  tails.set(ds, next.catch(() => undefined));
  return next;
}
