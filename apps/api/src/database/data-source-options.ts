import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { allEntities, allMigrations } from '@moflow/data-access';
import { Client } from 'pg';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';

/**
 * One option set per database; the same entities and migrations on both. Migrations always run at
 * start-up and `synchronize` stays off: the schema is what the migrations say, nothing else.
 */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = { entities: allEntities, migrations: allMigrations, migrationsRun: true, synchronize: false, logging: false } as const;
  if (db.type === 'sqlite') {
    const file = resolve(db.path);
    mkdirSync(dirname(file), { recursive: true });
    // WAL lets readers proceed while one writer commits; busy timeout makes a second writer wait
    // instead of failing with SQLITE_BUSY. TypeORM's driver switches foreign_keys on itself. Prepared
    // statements are kept by text: the hot path uses a few hundred texts (multi-row statements in
    // power-of-two sizes), more than TypeORM's default cache of 100.
    return { ...common, type: 'better-sqlite3', database: file, enableWAL: true, timeout: 5000, statementCacheSize: 500 };
  }
  return {
    ...common,
    type: 'postgres',
    url: db.url,
    schema: db.schema,
    // Unqualified names in migrations and raw queries land in the chosen schema.
    extra: db.schema ? { options: `-c search_path=${db.schema}`, max: 10 } : { max: 10 },
  };
}

/** PostgreSQL does not create a missing schema on connect; do it before TypeORM runs migrations. */
export async function ensurePostgresSchema(db: DatabaseConfig): Promise<void> {
  if (db.type !== 'postgres' || !db.schema) return;
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${db.schema}"`);
  } finally {
    await client.end();
  }
}
