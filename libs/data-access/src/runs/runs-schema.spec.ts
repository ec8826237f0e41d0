import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { afterAll, describe, expect, it } from 'vitest';
import { RunEntity, runEntities, runMigrations } from './index';

const dir = mkdtempSync(join(tmpdir(), 'moflow-runs-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const targets: [string, () => DataSourceOptions][] = [
  ['sqlite', () => ({ type: 'better-sqlite3', database: join(dir, 'schema.db'), entities: runEntities, migrations: runMigrations })],
];
if (process.env.DATABASE_URL?.startsWith('postgres')) {
  const schema = `runs_schema_${process.pid}`;
  targets.push(['postgres', () => ({ type: 'postgres', url: process.env.DATABASE_URL, schema, entities: runEntities, migrations: runMigrations })]);
}

describe.each(targets)('runs schema migration on %s', (kind, options) => {
  it('creates exactly the schema the entities describe, and rolls back cleanly', async () => {
    const opts = options();
    if (kind === 'postgres') {
      const admin = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
      await admin.initialize();
      await admin.query(`DROP SCHEMA IF EXISTS "${(opts as { schema: string }).schema}" CASCADE`);
      await admin.query(`CREATE SCHEMA "${(opts as { schema: string }).schema}"`);
      await admin.destroy();
    }
    const ds = new DataSource(opts);
    await ds.initialize();
    try {
      const applied = await ds.runMigrations();
      expect(applied.map((m) => m.name)).toEqual(['RunsSchema1764140000000', 'RunsFlowStatusIndex1764140000001', 'RunsNextSeq1764300000000', 'SecretHosts1765140000000']);
      // A drift between entity decorators and the migration shows up as pending schema SQL.
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);

      await ds.getRepository(RunEntity).insert({
        id: 'r1', flowId: 'f1', flowName: 'F', flowVersion: 1, status: 'running', contactId: 'c1', contactPhone: '+15550001',
        channelId: null, trigger: { kind: 'rest' }, state: {}, currentNodeId: null, error: null, waitDeadline: null,
        startedAt: 1_764_000_000_123, updatedAt: 1_764_000_000_123, endedAt: null, nextSeq: 0,
      });
      const row = await ds.getRepository(RunEntity).findOneByOrFail({ id: 'r1' });
      expect(row.startedAt).toBe(1_764_000_000_123);
      expect(row.trigger).toEqual({ kind: 'rest' });

      for (let i = 0; i < applied.length; i++) await ds.undoLastMigration();
      const tables = await ds.createQueryRunner().getTables(['runs', 'run_steps']);
      expect(tables).toEqual([]);
    } finally {
      if (kind === 'postgres') await ds.query(`DROP SCHEMA IF EXISTS "${(opts as { schema: string }).schema}" CASCADE`);
      await ds.destroy();
    }
  });
});
