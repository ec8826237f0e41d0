import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { SqliteDurability } from './sqlite-durability';

/** The transaction a queued writer runs in (for `ds.transaction` called from inside one). */
const inside = new AsyncLocalStorage<EntityManager>();

interface Job {
  work: (m: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface WriteQueue {
  jobs: Job[];
  running: boolean;
}

/** At most this many writers share one commit (their work runs one after the other inside it). */
const MAX_JOBS_PER_COMMIT = 64;

const queues = new WeakMap<DataSource, WriteQueue>();

/**
 * better-sqlite3 gives TypeORM ONE connection, and SQLite allows one writer: write transactions
 * are queued. Writers that queue up while one commits (the inbox writer, the turn pipeline, the
 * sender, delivery reports, operators) then share ONE transaction and one fsync (group commit):
 * each runs inside its own savepoint, so a writer that throws is rolled back alone and rejected,
 * and every other writer's promise resolves only after the shared COMMIT (if that COMMIT fails,
 * all of them are rejected, as their work was). PostgreSQL runs transactions in parallel.
 */
export function writeTransaction<T>(ds: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> {
  if (ds.options.type !== 'better-sqlite3' && ds.options.type !== 'sqlite') return ds.transaction(work);
  let queue = queues.get(ds);
  if (!queue) {
    queue = { jobs: [], running: false };
    queues.set(ds, queue);
  }
  const q = queue;
  return new Promise<T>((resolve, reject) => {
    q.jobs.push({ work, resolve: resolve as (v: unknown) => void, reject });
    if (!q.running) void drain(ds, q);
  });
}

/**
 * On SQLite, sends `DataSource.transaction` / `EntityManager.transaction` of the global manager
 * through the same queue. TypeORM keeps ONE query runner per SQLite connection, with its
 * transaction state shared by every caller: a `ds.transaction` that started while a queued writer's
 * transaction was open was silently nested into it (a savepoint, committed or rolled back with
 * someone else's work) or failed with "cannot start a transaction within a transaction". Called
 * from inside a queued writer, it joins that writer's transaction.
 */
export function serializeSqliteTransactions(ds: DataSource): void {
  if (ds.options.type !== 'better-sqlite3' && ds.options.type !== 'sqlite') return;
  const manager = ds.manager as EntityManager & { transaction: (...args: unknown[]) => Promise<unknown> };
  manager.transaction = (a: unknown, b?: unknown) => {
    const work = (typeof a === 'function' ? a : b) as (m: EntityManager) => Promise<unknown>;
    const current = inside.getStore();
    return current ? work(current) : writeTransaction(ds, work);
  };
}

async function drain(ds: DataSource, q: WriteQueue): Promise<void> {
  q.running = true;
  try {
    while (q.jobs.length > 0) {
      SqliteDurability.of(ds)?.betweenTransactions();
      await runGroup(ds, q.jobs.splice(0, MAX_JOBS_PER_COMMIT));
    }
  } finally {
    q.running = false;
  }
}

async function runGroup(ds: DataSource, jobs: Job[]): Promise<void> {
  const durability = SqliteDurability.of(ds);
  const qr = ds.createQueryRunner();
  try {
    await qr.startTransaction();
  } catch (error) {
    for (const job of jobs) job.reject(error);
    return;
  }
  const committed: { job: Job; value: unknown }[] = [];
  const alone = jobs.length === 1;
  for (const job of jobs) {
    try {
      if (!alone) await qr.startTransaction(); // SAVEPOINT: this writer's work can be undone alone
      const value = await inside.run(qr.manager, () => job.work(qr.manager));
      if (!alone) await qr.commitTransaction(); // RELEASE
      committed.push({ job, value });
    } catch (error) {
      await qr.rollbackTransaction().catch(() => undefined); // ROLLBACK TO (alone: the whole transaction)
      job.reject(error);
      if (alone) return;
    }
  }
  let synced: Promise<void>;
  try {
    // The COMMIT's fsync runs off the event loop (SqliteDurability); the next group starts meanwhile
    // and these writers are answered once their data is on disk.
    if (durability) synced = (await durability.commitDeferred(() => qr.commitTransaction())).synced;
    else {
      await qr.commitTransaction();
      synced = Promise.resolve();
    }
  } catch (error) {
    await qr.rollbackTransaction().catch(() => undefined);
    for (const { job } of committed) job.reject(error);
    return;
  }
  void synced.then(
    () => { for (const { job, value } of committed) job.resolve(value); },
    (error: unknown) => { for (const { job } of committed) job.reject(error); },
  );
}
