import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { afterAll, describe, expect, it } from 'vitest';
import { allEntities, allMigrations, coreEntities, FlowEntity, newId } from '../src/index';

const pgUrl = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined;
const schema = `da_${randomBytes(5).toString('hex')}`;

const targets: Array<{ name: string; options: () => DataSourceOptions }> = [
  { name: 'sqlite', options: () => ({ type: 'better-sqlite3', database: ':memory:' }) },
  ...(pgUrl ? [{ name: 'postgres', options: (): DataSourceOptions => ({ type: 'postgres', url: pgUrl, schema, extra: { options: `-c search_path=${schema}` } }) }] : []),
];

async function pg(sql: string): Promise<void> {
  const client = new Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe.each(targets)('migrations on $name', ({ name, options }) => {
  let db: DataSource | undefined;
  afterAll(async () => {
    await db?.destroy();
    if (name === 'postgres') await pg(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  it('create exactly the schema the entities describe (TypeORM sees nothing to synchronise)', async () => {
    if (name === 'postgres') await pg(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    db = new DataSource({ ...options(), entities: allEntities, migrations: allMigrations, synchronize: false } as DataSourceOptions);
    await db.initialize();
    const applied = await db.runMigrations();
    expect(applied.length).toBe(allMigrations.length);
    const pending = await db.driver.createSchemaBuilder().log();
    // Scoped to the core tables this suite owns; runs/ checks its own tables.
    const coreTables = coreEntities.map((e) => db!.getMetadata(e).tableName);
    const touchesCore = (sql: string) => coreTables.some((t) => new RegExp(`"(temporary_)?${t}"`).test(sql));
    expect(pending.upQueries.map((q) => q.query).filter(touchesCore)).toEqual([]);
  });

  it('round-trips JSON, booleans and epoch-ms bigints identically', async () => {
    const repo = db!.getRepository(FlowEntity);
    const at = 1_764_000_000_123;
    const id = newId();
    await repo.insert({
      id, name: 'x', description: null, status: 'draft', definition: { specVersion: 1, nodes: [], edges: [] }, definitionHash: 'h', revision: 1,
      publishedVersion: null, publishedHash: null, tests: [], requireTestsToPublish: true, createdById: null, updatedById: null, createdAt: at, updatedAt: at,
    });
    const back = await repo.findOneByOrFail({ id });
    expect(back.createdAt).toBe(at);
    expect(typeof back.createdAt).toBe('number');
    expect(back.requireTestsToPublish).toBe(true);
    expect(back.definition).toEqual({ specVersion: 1, nodes: [], edges: [] });
  });

  it('reverts every migration', async () => {
    for (let i = 0; i < allMigrations.length; i++) await db!.undoLastMigration();
    const tables = name === 'sqlite'
      ? await db!.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migrations'`)
      : await db!.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'migrations'`, [schema]);
    expect(tables).toEqual([]);
  });
});
