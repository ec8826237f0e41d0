import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { allEntities, allMigrations } from '../entity-list';
import { ContactRepository } from './contact.repository';
import { DataTableRepository } from './data-table.repository';
import { decodeCursor, encodeCursor } from './keyset';

describe('console schema and repositories (sqlite)', () => {
  it('creates the data_tables the entity describes, keeps keyset pages stable, escapes LIKE and rolls back', async () => {
    const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: allEntities, migrations: allMigrations });
    await ds.initialize();
    try {
      expect((await ds.runMigrations()).map((m) => m.name)).toContain('ConsoleSchema1764400000000');
      const pending = (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
      expect(pending.filter((q) => q.includes('"data_tables"') || q.includes('"run_node_days"'))).toEqual([]);

      // Three contacts in the same millisecond: the id breaks the tie, no row is skipped or repeated.
      const at = 1_764_000_000_000;
      for (const [id, name] of [['a', 'Ada 100%'], ['b', 'Bob'], ['c', 'Cy_x']] as const) {
        await ds.query('INSERT INTO contacts (id, phone, name, fields, subscriptions, timezone, created_at, updated_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)',
          [id, `+1415555000${id.charCodeAt(0) - 96}`, name, '{}', '[]', at, at]);
      }
      const repo = new ContactRepository(ds);
      const seen: string[] = [];
      let after = null;
      for (;;) {
        const page = await repo.list({ after, limit: 2 });
        seen.push(...page.rows.map((r) => r.id));
        if (!page.next) break;
        after = decodeCursor(encodeCursor(page.next));
      }
      expect(seen).toEqual(['c', 'b', 'a']);
      expect((await repo.list({ q: '100%', after: null, limit: 10 })).rows.map((r) => r.id)).toEqual(['a']);
      expect((await repo.list({ q: '_', after: null, limit: 10 })).rows.map((r) => r.id)).toEqual(['c']);
      expect((await repo.list({ q: '555 0002', after: null, limit: 10 })).rows.map((r) => r.id)).toEqual(['b']);
      expect(decodeCursor('not-a-cursor')).toBeNull();

      const tables = new DataTableRepository(ds);
      await tables.insert({ name: 'stores', description: null, columns: ['zip', 'city'], keyColumn: 'zip', createdAt: at, updatedAt: at });
      await tables.upsertRows('stores', [{ key: '10001', row: { zip: '10001', city: 'NYC' } }, { key: '94105', row: { zip: '94105', city: 'SF' } }], at);
      await tables.upsertRows('stores', [{ key: '94105', row: { zip: '94105', city: 'San Francisco' } }], at + 1);
      expect((await tables.allRows('stores')).map((r) => r.row['city'])).toEqual(['NYC', 'San Francisco']);
      expect((await tables.list())[0]).toMatchObject({ name: 'stores', rowCount: 2, updatedAt: at + 1 });
      const first = await tables.rows('stores', null, 1);
      expect(first).toMatchObject({ nextKey: '10001' });
      expect((await tables.rows('stores', first.nextKey, 1)).rows.map((r) => r.key)).toEqual(['94105']);
      await tables.remove('stores');
      expect(await tables.allRows('stores')).toEqual([]);

      // Later areas' migrations come after this one: undo down to (and including) the console schema.
      for (let i = 0; i < 20 && (await ds.createQueryRunner().getTable('data_tables')); i++) await ds.undoLastMigration();
      expect(await ds.createQueryRunner().getTable('data_tables')).toBeUndefined();
    } finally {
      await ds.destroy();
    }
  });
});
