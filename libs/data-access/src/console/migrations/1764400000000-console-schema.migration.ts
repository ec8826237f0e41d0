import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { epochMs, json, varchar } from '../../migrations/table-helpers';

/**
 * The ops console: newest-first keyset pages over messages, contacts and tickets need an index
 * ending in (created_at, id) (the entities of runs/ do not declare these: they belong to the console's
 * reads, and the runs schema test compares runs/ entities with runs/ migrations only); and the data
 * tables kept for `lookup` nodes of kind `table`.
 */
export class ConsoleSchema1764400000000 implements MigrationInterface {
  name = 'ConsoleSchema1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('messages', new TableIndex({ name: 'IDX_messages_created', columnNames: ['created_at', 'id'] }));
    await q.createIndex('contacts', new TableIndex({ name: 'IDX_contacts_created', columnNames: ['created_at', 'id'] }));
    await q.createIndex('tickets', new TableIndex({ name: 'IDX_tickets_created', columnNames: ['created_at', 'id'] }));
    await q.createTable(new Table({
      name: 'data_tables',
      columns: [{ ...varchar('name', 100), isPrimary: true }, varchar('description', 500, true), json('columns'), varchar('key_column', 100),
        epochMs('created_at'), epochMs('updated_at')],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('data_tables');
    await q.dropIndex('tickets', 'IDX_tickets_created');
    await q.dropIndex('contacts', 'IDX_contacts_created');
    await q.dropIndex('messages', 'IDX_messages_created');
  }
}
