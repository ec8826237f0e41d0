import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { SqliteDurability } from './sqlite-durability';

/** The transaction a queued writer runs in (for `ds.transaction` called from inside one). */
const inside = new AsyncLocalStorage<EntityManager>();
/** Marks the group runner's async context: its BEGIN, savepoints, writers and COMMIT. */
const groupContext = new AsyncLocalStorage<true>();

/**
 * A group's statements run on the event loop (better-sqlite3 is synchronous): after this much of
 * them, the group lets the loop answer sockets and timers before it goes on (a 400-MO turn batch
 * is ~40-90 ms of statements). Statements from outside the group wait meanwhile (see the gate).
 */
const SLICE_MS = 8;
/** A statement from outside waits at most this long for an open group (then runs, and says so). */
const GATE_MAX_WAIT_MS = 2_000;

interface Job {
  work: (m: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface WriteQueue {
  jobs: Job[];
  running: boolean;
  /** Set while a group's transaction is open; resolved when its COMMIT or ROLLBACK has run. */
  open: Promise<void> | null;
  /** When the open group last let the event loop run. */
  sliceStart: number;
  /** Statements from outside any group, waiting at the gate or running (the next group begins after them). */
  outside: number;
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
  const q = queueOf(ds);
  return new Promise<T>((resolve, reject) => {
    q.jobs.push({ work, resolve: resolve as (v: unknown) => void, reject });
    if (!q.running) void drain(ds, q);
  });
}

function queueOf(ds: DataSource): WriteQueue {
  let queue = queues.get(ds);
  if (!queue) {
    queue = { jobs: [], running: false, open: null, sliceStart: 0, outside: 0 };
    queues.set(ds, queue);
  }
  return queue;
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
  gateSharedRunner(ds);
  const manager = ds.manager as EntityManager & { transaction: (...args: unknown[]) => Promise<unknown> };
  manager.transaction = (a: unknown, b?: unknown) => {
    const work = (typeof a === 'function' ? a : b) as (m: EntityManager) => Promise<unknown>;
    const current = inside.getStore();
    return current ? work(current) : writeTransaction(ds, work);
  };
}

/**
 * The gate on the connection's one query runner (it is shared by every caller): while a group's
 * transaction is open, a statement from outside it (a read for an API page, a `repository.save()`
 * outside any transaction) waits until the group has committed or rolled back, so it neither sees
 * nor joins the group's uncommitted work when the group lets the event loop run. Inside the group,
 * a statement first lets the loop run when the group has held it for SLICE_MS.
 */
function gateSharedRunner(ds: DataSource): void {
  const runner = ds.createQueryRunner() as QueryRunner & { query: QueryRunner['query'] };
  const query = runner.query.bind(runner);
  const q = queueOf(ds);
  let warned = false;
  runner.query = (async (sql: string, parameters?: unknown[], structured?: boolean) => {
    if (groupContext.getStore()) {
      if (q.open && performance.now() - q.sliceStart >= SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        q.sliceStart = performance.now();
      }
      return query(sql, parameters, structured as never);
    }
    q.outside++;
    try {
      if (q.open) {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, GATE_MAX_WAIT_MS)));
        const since = Date.now();
        for (let open = q.open; open !== null && Date.now() - since < GATE_MAX_WAIT_MS; open = q.open) await Promise.race([open, timedOut]);
        clearTimeout(timer);
      }
      if (q.open !== null && !warned) {
        warned = true;
        // A writer awaits something that waits here: go on as before the gate existed.
        console.error(`SQLite: a statement waited ${GATE_MAX_WAIT_MS} ms for an open write transaction and runs inside it: ${sql.slice(0, 80)}`);
      }
      return await query(sql, parameters, structured as never);
    } finally {
      q.outside--;
    }
  }) as QueryRunner['query'];
}

async function drain(ds: DataSource, q: WriteQueue): Promise<void> {
  q.running = true;
  try {
    while (q.jobs.length > 0) {
      SqliteDurability.of(ds)?.betweenTransactions();
      const jobs = q.jobs.splice(0, MAX_JOBS_PER_COMMIT);
      await groupContext.run(true, () => runGroup(ds, q, jobs));
    }
  } finally {
    q.running = false;
  }
}

async function runGroup(ds: DataSource, q: WriteQueue, jobs: Job[]): Promise<void> {
  const durability = SqliteDurability.of(ds);
  const qr = ds.createQueryRunner();
  // Statements from outside (those that waited for the last group among them) run first; and a
  // `repository.save()` outside any transaction opens its own on the shared runner: let it end, or
  // this group would become a savepoint inside it.
  for (let i = 0; (q.outside > 0 || qr.isTransactionActive) && i < 10_000; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  try {
    await qr.startTransaction();
  } catch (error) {
    for (const job of jobs) job.reject(error);
    return;
  }
  let closeGate: () => void = () => undefined;
  q.open = new Promise<void>((resolve) => (closeGate = resolve));
  q.sliceStart = performance.now();
  const ended = () => {
    q.open = null;
    closeGate();
  };
  try {
    await runOpenGroup(qr, durability, jobs, ended);
  } finally {
    ended();
  }
}

async function runOpenGroup(qr: QueryRunner, durability: SqliteDurability | undefined, jobs: Job[], ended: () => void): Promise<void> {
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
  ended();
  void synced.then(
    () => { for (const { job, value } of committed) job.resolve(value); },
    (error: unknown) => { for (const { job } of committed) job.reject(error); },
  );
}
