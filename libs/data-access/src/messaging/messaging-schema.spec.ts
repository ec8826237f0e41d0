import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { afterAll, describe, expect, it } from 'vitest';
import { allEntities, allMigrations } from '../entity-list';
import { InboxMessageEntity } from './inbox-message.entity';
import { messagingEntities } from './index';

const dir = mkdtempSync(join(tmpdir(), 'moflow-messaging-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MY_TABLES = messagingEntities.map((e) => `"${(e as unknown as { name: string }).name}"`);
const tableNames = ['channel_settings', 'inbox', 'consent_log', 'contact_channel_states', 'outbox_state', 'outbox_provider_ids', 'ticket_details', 'ticket_thread',
  'delivery_parts', 'held_receipts', 'event_subscriptions', 'event_deliveries'];

const targets: [string, () => DataSourceOptions][] = [
  ['sqlite', () => ({ type: 'better-sqlite3', database: join(dir, 'schema.db'), entities: allEntities, migrations: allMigrations })],
];
if (process.env.DATABASE_URL?.startsWith('postgres')) {
  const schema = `messaging_schema_${process.pid}`;
  targets.push(['postgres', () => ({ type: 'postgres', url: process.env.DATABASE_URL, schema, entities: allEntities, migrations: allMigrations })]);
}

describe.each(targets)('messaging schema migration on %s', (kind, options) => {
  it('creates exactly what the messaging entities describe, enforces inbox dedupe, and rolls back', async () => {
    const opts = options();
    const schema = (opts as { schema?: string }).schema;
    if (schema) {
      const admin = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
      await admin.initialize();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.query(`CREATE SCHEMA "${schema}"`);
      await admin.destroy();
    }
    const ds = new DataSource(opts);
    await ds.initialize();
    try {
      const applied = await ds.runMigrations();
      expect(applied.map((m) => m.name)).toContain('MessagingSchema1764150000000');
      // Drift between these entities and the migration would show up as pending SQL on their tables.
      const pending = (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
      expect(pending.filter((q) => tableNames.some((t) => q.includes(`"${t}"`)))).toEqual([]);

      const repo = ds.getRepository(InboxMessageEntity);
      const row = { id: 'i1', channelId: 'c1', providerMessageId: 'p1', provider: 'twilio', from: '+15550001', to: '+15550002', text: 'hi', status: 'stored' as const,
        concatRef: null, concatTotal: null, concatPart: null, error: null, receivedAt: 1_764_000_000_123, updatedAt: 1_764_000_000_123 };
      await repo.insert(row);
      await expect(repo.insert({ ...row, id: 'i2' })).rejects.toThrow();
      await repo.insert({ ...row, id: 'i3', channelId: 'c2' });
      expect((await repo.findOneByOrFail({ id: 'i1' })).receivedAt).toBe(1_764_000_000_123);

      // Later areas' migrations (console/) come off first; bounded so a broken down() cannot loop.
      const inboxExists = async () => (await ds.query(kind === 'sqlite' ? "SELECT name FROM sqlite_master WHERE name = 'inbox'" : `SELECT 1 FROM information_schema.tables WHERE table_schema = '${schema}' AND table_name = 'inbox'`)).length > 0;
      for (let i = 0; i < allMigrations.length && (await inboxExists()); i++) await ds.undoLastMigration();
      expect(await ds.createQueryRunner().getTables(tableNames)).toEqual([]);
      expect(MY_TABLES.length).toBe(tableNames.length);
    } finally {
      if (schema) await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await ds.destroy();
    }
  });
});
