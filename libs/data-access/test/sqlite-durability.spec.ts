import Database from 'better-sqlite3';
import { AsyncResource } from 'node:async_hooks';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupSync, serializeSqliteTransactions, SqliteDurability, writeTransaction } from '../src/index';

const dirs: string[] = [];
const sources: DataSource[] = [];

afterEach(async () => {
  for (const ds of sources.splice(0)) if (ds.isInitialized) await ds.destroy();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function open(catchUpFrames?: number): Promise<{ ds: DataSource; file: string; d: SqliteDurability }> {
  const dir = mkdtempSync(join(tmpdir(), 'moflow-durable-'));
  dirs.push(dir);
  const file = join(dir, 'db.sqlite');
  const ds = await new DataSource({ type: 'better-sqlite3', database: file, enableWAL: true }).initialize();
  sources.push(ds);
  await ds.query('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  serializeSqliteTransactions(ds);
  const d = SqliteDurability.enable(ds, { checkpointEveryMs: 10, catchUpFrames });
  if (!d) throw new Error('durability was not enabled on a WAL file database');
  return { ds, file, d };
}

describe('GroupSync', () => {
  it('shares one sync among callers that arrive while it runs, and never answers a caller with a sync that began before it', async () => {
    const started: number[] = [];
    const finish: Array<() => void> = [];
    const g = new GroupSync(() => new Promise<void>((resolve) => {
      started.push(Date.now());
      finish.push(resolve);
    }));
    const order: string[] = [];
    const first = g.sync().then(() => order.push('first'));
    // These three arrive while the first sync runs: their writes may not be in it.
    const later = [1, 2, 3].map((n) => g.sync().then(() => order.push(`later${n}`)));
    expect(started).toHaveLength(1);
    finish[0]!();
    await first;
    expect(order).toEqual(['first']); // the later callers are still waiting for their own sync
    await new Promise((r) => setImmediate(r));
    expect(started).toHaveLength(2); // ONE more sync for all three
    finish[1]!();
    await Promise.all(later);
    expect(order).toEqual(['first', 'later1', 'later2', 'later3']);
    expect(g.syncs).toBe(2);
  });

  it('passes a failed sync on to the callers it was for, and the next callers get a new one', async () => {
    let fail = true;
    const g = new GroupSync(async () => {
      if (fail) throw new Error('EIO');
    });
    await expect(g.sync()).rejects.toThrow('EIO');
    fail = false;
    await expect(g.sync()).resolves.toBeUndefined();
  });
});

describe('SqliteDurability on a real SQLite file', () => {
  it('runs the connection without an in-COMMIT fsync and without its own checkpoints', async () => {
    const { ds } = await open();
    expect(await ds.query('PRAGMA synchronous')).toEqual([{ synchronous: 0 }]);
    expect(await ds.query('PRAGMA wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: 0 }]);
  });

  it('answers a write only after a sync that began after its COMMIT; reads cause none', async () => {
    const { ds, d } = await open();
    const before = d.wal.syncs;
    await writeTransaction(ds, (m) => m.query('INSERT INTO t (body) VALUES (?)', ['a']));
    expect(d.wal.syncs).toBe(before + 1);
    await ds.query('INSERT INTO t (body) VALUES (?)', ['outside a transaction']);
    expect(d.wal.syncs).toBe(before + 2);
    await ds.transaction((m) => m.query('INSERT INTO t (body) VALUES (?)', ['repository-style transaction']));
    expect(d.wal.syncs).toBe(before + 3);
    await ds.query('SELECT COUNT(*) FROM t');
    expect(d.wal.syncs).toBe(before + 3);
  });

  it('group-commits writers that queue up, and each one is answered after the sync of its own commit', async () => {
    const { ds, d } = await open();
    const before = d.wal.syncs;
    const writes = Array.from({ length: 50 }, (_, i) => writeTransaction(ds, (m) => m.query('INSERT INTO t (body) VALUES (?)', [`w${i}`])));
    await Promise.all(writes);
    // 50 writers share far fewer commits, and syncs coalesce further
    expect(d.wal.syncs - before).toBeGreaterThanOrEqual(1);
    expect(d.wal.syncs - before).toBeLessThan(10);
    const reader = new Database(ds.options.database as string, { readonly: true });
    expect(reader.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 50 });
    reader.close();
  });

  it('ds.transaction and queued writers never nest into each other on the one connection', async () => {
    const { ds } = await open();
    // one after the other, each starting the moment the previous COMMIT returned: TypeORM's shared
    // runner must already know that transaction has ended
    const chains = Array.from({ length: 4 }, async (_, c) => {
      for (let i = 0; i < 10; i++) {
        await ds.transaction(async (m) => {
          await m.query('INSERT INTO t (body) VALUES (?)', [`c${c}-${i}`]);
        });
      }
    });
    const grouped = Array.from({ length: 20 }, (_, i) => writeTransaction(ds, (m) => m.query('INSERT INTO t (body) VALUES (?)', [`g${i}`])));
    await Promise.all([...chains, ...grouped]);
    expect(await ds.query('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: 60 }]);
    // called from inside a queued writer, ds.transaction joins it (and is undone with it)
    await expect(writeTransaction(ds, async () => {
      await ds.transaction((m) => m.query('INSERT INTO t (body) VALUES (?)', ['joined']));
      throw new Error('undo');
    })).rejects.toThrow('undo');
    expect(await ds.query("SELECT COUNT(*) AS n FROM t WHERE body = 'joined'")).toEqual([{ n: 0 }]);
  });

  it('a long group lets the event loop run, and statements from outside neither see nor join its uncommitted work', async () => {
    const { ds } = await open();
    let outsideSaw: unknown = 'not run';
    let outsideWrote: Promise<unknown> | null = null;
    let groupOpen = false;
    let firedWhileOpen = false;
    // what an API read and a save outside any transaction do when their request arrives mid-group:
    // they run in the request's async context, not the group's
    const request = new AsyncResource('request');
    const arrive = () => request.runInAsyncScope(() => {
      firedWhileOpen = groupOpen;
      void ds.query("SELECT COUNT(*) AS n FROM t WHERE body = 'group'").then((r) => (outsideSaw = r));
      outsideWrote = ds.query('INSERT INTO t (body) VALUES (?)', ['outside']);
    });
    const group = writeTransaction(ds, async (m) => {
      groupOpen = true;
      setImmediate(arrive); // runs only if the group lets the event loop through
      // ~60 ms of synchronous statements, as a full turn batch is
      const started = performance.now();
      while (performance.now() - started < 60) await m.query('INSERT INTO t (body) VALUES (?)', ['group']);
      expect(outsideSaw).toBe('not run'); // it waits at the gate
      groupOpen = false;
      throw new Error('rolled back');
    });
    await expect(group).rejects.toThrow('rolled back');
    expect(firedWhileOpen).toBe(true); // the timer ran during the group: the loop was let through
    await outsideWrote;
    await new Promise((r) => setImmediate(r));
    // the read ran after the group and saw none of its rows; the outside write survived its rollback
    expect(outsideSaw).toEqual([{ n: 0 }]);
    expect(await ds.query('SELECT body FROM t')).toEqual([{ body: 'outside' }]);
  });

  it('a group does not begin inside a transaction that a save outside the queue has open', async () => {
    const { ds } = await open();
    const runner = ds.createQueryRunner();
    await runner.startTransaction(); // what EntityPersistExecutor does for repository.save() outside a transaction
    await runner.query('INSERT INTO t (body) VALUES (?)', ['save']);
    const group = writeTransaction(ds, (m) => m.query('INSERT INTO t (body) VALUES (?)', ['group']));
    await new Promise((r) => setTimeout(r, 20));
    await runner.rollbackTransaction(); // the save fails and undoes its own work only
    await group;
    expect(await ds.query('SELECT body FROM t')).toEqual([{ body: 'group' }]);
  });

  it('a writer that throws is rolled back alone and is told so', async () => {
    const { ds } = await open();
    const ok = writeTransaction(ds, (m) => m.query('INSERT INTO t (body) VALUES (?)', ['kept']));
    const bad = writeTransaction(ds, async (m) => {
      await m.query('INSERT INTO t (body) VALUES (?)', ['undone']);
      throw new Error('refused');
    });
    await expect(bad).rejects.toThrow('refused');
    await ok;
    expect(await ds.query('SELECT body FROM t')).toEqual([{ body: 'kept' }]);
  });

  it('checkpoints in its own thread, so the WAL is reused instead of growing with every write', async () => {
    const { ds, file } = await open();
    const body = 'x'.repeat(4000);
    for (let round = 0; round < 20; round++) {
      const before = statSync(file).size;
      await writeTransaction(ds, async (m) => {
        for (let i = 0; i < 50; i++) await m.query('INSERT INTO t (body) VALUES (?)', [body]);
      });
      // the checkpointer (every 10 ms here) copies the round into the database file; the next
      // round's first write then starts the WAL from its beginning again
      for (let i = 0; i < 300 && statSync(file).size <= before; i++) await new Promise((r) => setTimeout(r, 10));
    }
    // ~4 MB written in all; a WAL never checkpointed would hold all of it
    expect(statSync(`${file}-wal`).size).toBeLessThan(2_000_000);
    expect(statSync(file).size).toBeGreaterThan(3_000_000); // the rows reached the database file itself
  });

  it('keeps the WAL bounded under a steady stream of commits (the writer finishes the checkpoint when asked)', async () => {
    const { ds, file, d } = await open(200);
    const body = 'y'.repeat(2000);
    let written = 0;
    let largest = 0;
    const writer = async () => {
      while (written < 12_000) {
        written += 10;
        await writeTransaction(ds, async (m) => {
          for (let i = 0; i < 10; i++) await m.query('INSERT INTO t (body) VALUES (?)', [body]);
        });
        largest = Math.max(largest, statSync(`${file}-wal`).size);
      }
    };
    await Promise.all([writer(), writer(), writer()]);
    const rows = (await ds.query('SELECT COUNT(*) AS n FROM t'))[0].n as number;
    expect(rows).toBe(12_000); // ~24 MB of rows: a WAL never reused would hold all of it
    expect(d.catchUps).toBeGreaterThan(0);
    // bounded by how far the writer gets between two catch-ups, not by what was written
    expect(largest).toBeLessThan(rows * 2000 / 2);
  }, 60_000); // 24 MB through 1,200 commits: ~3 s quiet, far more on a busy machine

  it('on close, stops the checkpointer and lets SQLite fold the WAL into the database file', async () => {
    const { ds, file } = await open();
    await writeTransaction(ds, (m) => m.query('INSERT INTO t (body) VALUES (?)', ['survives']));
    await ds.destroy();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reader = new Database(file, { readonly: true });
    expect(reader.prepare('SELECT body FROM t').all()).toEqual([{ body: 'survives' }]);
    reader.close();
  });

  it('falls back to synchronous=FULL with SQLite\'s own checkpoints when its checkpoint thread is gone', async () => {
    const { ds, d } = await open();
    d.fallBack('test');
    expect(await ds.query('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]);
    expect(await ds.query('PRAGMA wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: 1000 }]);
    await writeTransaction(ds, (m) => m.query('INSERT INTO t (body) VALUES (?)', ['still written']));
    expect(await ds.query('SELECT body FROM t')).toEqual([{ body: 'still written' }]);
  });

  it('is not used for an in-memory database', async () => {
    const ds = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
    sources.push(ds);
    expect(SqliteDurability.enable(ds)).toBeNull();
  });
});
