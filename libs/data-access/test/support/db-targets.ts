import { DataSource, type DataSourceOptions } from 'typeorm';
import { allEntities, allMigrations } from '../../src/entity-list';

/**
 * The databases a data-access spec runs on, migrated: a SQLite file in `dir` always, and PostgreSQL
 * in a schema of its own (`<name>_<pid>`) when DATABASE_URL points at one.
 */
export function dbTargets(name: string, dir: string): [kind: string, options: () => DataSourceOptions][] {
  const targets: [string, () => DataSourceOptions][] = [
    ['sqlite', () => ({ type: 'better-sqlite3', database: `${dir}/${name}.db`, entities: allEntities, migrations: allMigrations, migrationsRun: true })],
  ];
  if (process.env.DATABASE_URL?.startsWith('postgres')) {
    const schema = `${name}_${process.pid}`;
    targets.push(['postgres', () => ({ type: 'postgres', url: process.env.DATABASE_URL, schema, entities: allEntities, migrations: allMigrations, migrationsRun: true })]);
  }
  return targets;
}

/** Opens a target (on PostgreSQL in a freshly created schema); `close` drops that schema again. */
export async function openTarget(options: DataSourceOptions): Promise<{ ds: DataSource; schema: string | undefined; close: () => Promise<void> }> {
  const schema = options.type === 'postgres' ? (options as { schema?: string }).schema : undefined;
  if (schema) {
    const admin = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
    await admin.initialize();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.destroy();
  }
  const ds = await new DataSource(options).initialize();
  return {
    ds,
    schema,
    close: async () => {
      if (schema) await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await ds.destroy();
    },
  };
}
