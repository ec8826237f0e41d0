import { fdatasync, openSync, closeSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * SQLite durability without an fsync on the event loop.
 *
 * With `synchronous = FULL`, better-sqlite3 (a synchronous binding) fsyncs the WAL inside every
 * COMMIT on the Node main thread: measured at ~3 ms a commit, the API's event loop stood still for
 * a quarter of a busy second and every acknowledgement waited behind it. Here the connection runs
 * `synchronous = OFF` (a COMMIT writes its WAL frames with write(2), no fsync) and each COMMIT —
 * and each write outside a transaction — is followed by an `fdatasync` of the WAL file on the
 * libuv thread pool; the caller's promise resolves only after it. So what a caller is told was
 * written survives a power cut, exactly as with FULL, and commits that queue up while one sync
 * runs share the next one (group sync).
 *
 * Checkpoints are the other half: with `synchronous = OFF` SQLite would copy WAL frames into the
 * database file without syncing it, then reuse the WAL. So this connection never checkpoints
 * (`wal_autocheckpoint = 0`); a second connection in a worker thread, at `synchronous = FULL`,
 * checkpoints every few milliseconds — it syncs the WAL and the database file before SQLite may
 * reuse the WAL. Closing the DataSource stops that worker and switches the connection back to FULL
 * before SQLite's own closing checkpoint.
 */
export interface SqliteDurabilityOptions {
  /** How often the checkpointer copies the WAL into the database file (default 50 ms). */
  checkpointEveryMs?: number;
  /** WAL frames (pages, 4 KiB) after which the writer finishes a checkpoint itself so the WAL is reused (default 16,000, ~64 MB: each catch-up holds the event loop for two fsyncs, so not too often). */
  catchUpFrames?: number;
}

interface BetterSqliteHandle {
  name: string;
  inTransaction: boolean;
  pragma(source: string, options?: { simple?: boolean }): unknown;
}

/** One coalescing fdatasync of a file: calls made while a sync runs share the next one. */
export class GroupSync {
  private inFlight: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  /** Syncs started (for the operations page and tests). */
  syncs = 0;

  constructor(private readonly datasync: () => Promise<void>) {}

  /** Resolves after an fdatasync that started after this call. */
  sync(): Promise<void> {
    if (!this.inFlight) {
      this.syncs++;
      this.inFlight = this.datasync().finally(() => (this.inFlight = null));
      return this.inFlight;
    }
    // The sync in flight may have begun before the caller's write: wait for the one after it.
    this.next ??= this.inFlight.then(
      () => this.startNext(),
      () => this.startNext(),
    );
    return this.next;
  }

  private startNext(): Promise<void> {
    this.next = null;
    return this.sync();
  }
}

/** fdatasync of `path` through the thread pool, the descriptor opened once. */
function fileSync(path: string): { sync: () => Promise<void>; close: () => void } {
  let fd: number | null = null;
  return {
    sync: () => new Promise<void>((resolve, reject) => {
      if (fd === null) {
        if (!existsSync(path)) return resolve(); // nothing written through the WAL yet
        fd = openSync(path, 'r');
      }
      fdatasync(fd, (err) => (err ? reject(err) : resolve()));
    }),
    close: () => {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}

const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, { timeout: 5000 });
// FULL: the checkpoint syncs the WAL before copying and the database file before the WAL is reused.
db.pragma('synchronous = FULL');
const timer = setInterval(() => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    // Under a steady stream of commits this connection never sees the WAL complete, and SQLite only
    // reuses a WAL that was checkpointed to its end: ask the writer to finish the last frames itself.
    if (r.log >= workerData.catchUpFrames) parentPort.postMessage({ catchUp: true });
  } catch (e) { parentPort.postMessage({ error: String(e && e.message || e) }); }
}, workerData.every);
parentPort.on('message', () => {
  clearInterval(timer);
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

const durable = new WeakMap<DataSource, SqliteDurability>();

export class SqliteDurability {
  readonly wal: GroupSync;
  /** COMMITs whose sync the caller takes over (group commit resolves its writers after it). */
  private deferred = 0;
  private pending: Promise<void> | null = null;
  private closed = false;
  /** The last statement ended the outermost transaction (the commit wrapper syncs it). */
  private committed = false;
  /** Set by the checkpointer when the WAL keeps growing under a steady stream of commits. */
  catchUp = false;
  /** Catch-up checkpoints the writer ran (tests, metrics). */
  catchUps = 0;

  private constructor(private readonly db: BetterSqliteHandle, private readonly walFile: { sync: () => Promise<void>; close: () => void }, private readonly checkpointer: Worker) {
    this.wal = new GroupSync(walFile.sync);
  }

  /** Switches a better-sqlite3 DataSource (initialised, migrations run) to off-loop durability. */
  static enable(ds: DataSource, options: SqliteDurabilityOptions = {}): SqliteDurability | null {
    if (ds.options.type !== 'better-sqlite3') return null;
    const existing = durable.get(ds);
    if (existing) return existing;
    const runner = ds.createQueryRunner() as QueryRunner & { query: QueryRunner['query'] };
    const db = (ds.driver as unknown as { databaseConnection: BetterSqliteHandle }).databaseConnection;
    const file = db.name;
    if (!file || file === ':memory:' || String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return null;
    const checkpointer = new Worker(CHECKPOINTER, { eval: true, workerData: { module: betterSqlitePath(), file, every: options.checkpointEveryMs ?? 50, catchUpFrames: options.catchUpFrames ?? 16_000 } });
    checkpointer.unref();
    const d = new SqliteDurability(db, fileSync(`${file}-wal`), checkpointer);
    checkpointer.on('message', (m: { error?: string; catchUp?: boolean }) => {
      if (m.error) console.error(`SQLite checkpoint failed: ${m.error}`);
      if (m.catchUp !== undefined) d.catchUp = m.catchUp;
    });
    checkpointer.on('error', (err: Error) => d.fallBack(`the checkpoint thread failed: ${err.message}`));
    checkpointer.on('exit', () => d.fallBack('the checkpoint thread exited'));
    db.pragma('wal_autocheckpoint = 0');
    db.pragma('synchronous = OFF');

    // Writes outside a transaction are synced before their caller goes on. A COMMIT is only noted
    // here: TypeORM updates its transaction state after the statement returns, and a caller that
    // started a transaction during our fsync would otherwise be nested into the finished one.
    const query = runner.query.bind(runner);
    runner.query = (async (sql: string, parameters?: unknown[], structured?: boolean) => {
      const result = await query(sql, parameters, structured as never);
      if (!d.closed && !db.inTransaction && writes(sql)) {
        if (sql === 'COMMIT') d.committed = true;
        else {
          await d.wal.sync();
          d.betweenTransactions();
        }
      }
      return result;
    }) as QueryRunner['query'];
    const commit = runner.commitTransaction.bind(runner);
    runner.commitTransaction = async () => {
      await commit();
      if (!d.committed) return; // a RELEASE of a nested savepoint
      d.committed = false;
      if (d.deferred > 0) {
        d.deferred--;
        d.pending = d.wal.sync();
      } else {
        await d.wal.sync();
        d.betweenTransactions();
      }
    };

    const destroy = ds.destroy.bind(ds);
    ds.destroy = async () => {
      await d.close();
      return destroy();
    };
    durable.set(ds, d);
    return d;
  }

  static of(ds: DataSource): SqliteDurability | undefined {
    return durable.get(ds);
  }

  /**
   * Runs `commit` (which ends the outermost transaction) and returns, without waiting for it, the
   * sync that makes it durable: the group-commit writer starts its next transaction meanwhile.
   */
  async commitDeferred(commit: () => Promise<void>): Promise<{ synced: Promise<void> }> {
    this.deferred++;
    this.pending = null;
    try {
      await commit();
    } catch (error) {
      this.deferred = Math.max(0, this.deferred - 1);
      throw error;
    }
    const synced = this.pending ?? this.wal.sync();
    this.pending = null;
    return { synced }; // wrapped: an async function would otherwise wait for it
  }

  /**
   * Called where no transaction is open (the group-commit writer between groups): when the
   * checkpointer asked for it, copies the WAL's last frames at `synchronous = FULL` (WAL and
   * database file synced: two fsyncs, on this thread, once per a few thousand pages), after which
   * SQLite's next write starts the WAL from its beginning again.
   */
  betweenTransactions(): void {
    if (!this.catchUp || this.closed || this.db.inTransaction) return;
    this.db.pragma('synchronous = FULL');
    try {
      const [r] = this.db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
      if (r && r.busy === 0 && r.checkpointed === r.log) {
        this.catchUp = false;
        this.catchUps++;
      }
    } finally {
      this.db.pragma('synchronous = OFF');
    }
  }

  /**
   * Without its checkpoint thread the WAL would grow for ever: the connection goes back to
   * `synchronous = FULL` with SQLite's own checkpoints (durable, the fsync back in each COMMIT).
   */
  fallBack(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    console.error(`SQLite durability: ${reason}; back to synchronous=FULL with automatic checkpoints`);
    this.db.pragma('synchronous = FULL');
    this.db.pragma('wal_autocheckpoint = 1000');
    this.walFile.close();
  }

  private async close(): Promise<void> {
    if (this.closed) {
      this.walFile.close(); // fell back earlier; a late sync may have opened it again
      return;
    }
    this.closed = true;
    this.checkpointer.removeAllListeners('exit');
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      this.checkpointer.once('message', done);
      this.checkpointer.once('exit', done);
      this.checkpointer.postMessage('stop');
    });
    await this.checkpointer.terminate();
    // SQLite checkpoints on close: with FULL it syncs before it removes the WAL.
    this.db.pragma('synchronous = FULL');
    this.walFile.close();
  }
}

/** Statements after which data may have changed (reads and the transaction's opening do not). */
function writes(sql: string): boolean {
  const head = sql.trimStart().slice(0, 8).toUpperCase();
  return !(head.startsWith('SELECT') || head.startsWith('PRAGMA') || head.startsWith('BEGIN') || head.startsWith('SAVEPOIN') || head.startsWith('ROLLBACK') || head.startsWith('EXPLAIN'));
}

/** Where better-sqlite3 lives, for the checkpointer thread (this file may run as CommonJS or, in tests, as ESM). */
function betterSqlitePath(): string {
  return typeof require === 'function' ? require.resolve('better-sqlite3') : createRequire(join(process.cwd(), 'index.js')).resolve('better-sqlite3');
}
