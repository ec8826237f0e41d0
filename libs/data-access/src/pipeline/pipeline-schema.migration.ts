import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { epochMs, varchar } from '../migrations/table-helpers';

/**
 * `app_state`: small counters shared by every process. `routing` is bumped by publish, rollback and
 * archive so every turn pipeline rebuilds its in-memory route table.
 */
export class AppState1764300000002 implements MigrationInterface {
  name = 'AppState1764300000002';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({ name: 'app_state', columns: [{ ...varchar('key', 64), isPrimary: true }, epochMs('value')] }));
    const schema = (q.connection.options as { schema?: string }).schema;
    await q.query(`INSERT INTO ${schema ? `"${schema}".` : ''}"app_state" ("key", "value") VALUES ('routing', 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('app_state');
  }
}
