import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * Run machinery tables, written with TypeORM's Table API so the same migration runs on SQLite and
 * PostgreSQL. Times are bigint milliseconds (see columns.ts); JSON is text (simple-json).
 */
const id = (name = 'id', length = 40): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isPrimary: true });
const str = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable });
const ms = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable });

export class RunsSchema1764140000000 implements MigrationInterface {
  name = 'RunsSchema1764140000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'contacts',
      columns: [id(), { ...str('phone', 32), isUnique: true }, str('name', 200, true), text('fields'), text('subscriptions'),
        str('timezone', 64, true), ms('created_at'), ms('updated_at')],
    }));

    await q.createTable(new Table({
      name: 'runs',
      columns: [id(), str('flow_id', 40), str('flow_name', 200), int('flow_version'), str('status', 16), str('contact_id', 40),
        str('contact_phone', 32), str('channel_id', 40, true), text('trigger'), text('state'), str('current_node_id', 64, true),
        text('error', true), ms('wait_deadline', true), ms('started_at'), ms('updated_at'), ms('ended_at', true)],
      indices: [
        new TableIndex({ name: 'IDX_runs_started', columnNames: ['started_at', 'id'] }),
        new TableIndex({ name: 'IDX_runs_flow_started', columnNames: ['flow_id', 'started_at', 'id'] }),
        new TableIndex({ name: 'IDX_runs_flow_status', columnNames: ['flow_id', 'status'] }),
        new TableIndex({ name: 'IDX_runs_status_started', columnNames: ['status', 'started_at', 'id'] }),
        new TableIndex({ name: 'IDX_runs_contact_started', columnNames: ['contact_id', 'started_at', 'id'] }),
        new TableIndex({ name: 'IDX_runs_channel_started', columnNames: ['channel_id', 'started_at', 'id'] }),
        new TableIndex({ name: 'IDX_runs_error_started', columnNames: ['started_at', 'id'], where: 'error IS NOT NULL' }),
      ],
    }));

    await q.createTable(new Table({
      name: 'run_steps',
      columns: [{ ...id('run_id') }, { ...int('seq'), isPrimary: true }, str('type', 32), str('node_id', 64, true),
        str('node_type', 32, true), str('handle', 64, true), text('reason', true), text('input', true), text('output', true),
        int('duration_ms', true), text('error', true), ms('at'), text('data')],
      indices: [new TableIndex({ name: 'IDX_run_steps_node_run', columnNames: ['node_id', 'run_id'] })],
    }));

    await q.createTable(new Table({
      name: 'messages',
      columns: [id(), str('direction', 3), str('channel_id', 40, true), str('contact_id', 40, true), str('run_id', 40, true),
        str('node_id', 64, true), str('from_addr', 32), str('to_addr', 32), text('text'), str('status', 16),
        str('encoding', 8, true), int('segments', true), str('provider', 32, true), str('provider_message_id', 128, true),
        ms('created_at'), ms('updated_at')],
      indices: [
        new TableIndex({ name: 'IDX_messages_run', columnNames: ['run_id', 'created_at'] }),
        new TableIndex({ name: 'IDX_messages_contact', columnNames: ['contact_id', 'created_at'] }),
        new TableIndex({ name: 'IDX_messages_status', columnNames: ['direction', 'status', 'created_at'] }),
      ],
    }));

    await q.createTable(new Table({
      name: 'idempotency_keys',
      columns: [id('scope', 120), id('idem_key', 200), str('request_hash', 64), str('run_id', 40), ms('created_at')],
    }));

    await q.createTable(new Table({ name: 'secrets', columns: [id('name', 64), text('sealed'), ms('created_at'), ms('updated_at')] }));

    await q.createTable(new Table({
      name: 'lookup_allowlist',
      columns: [id(), { ...str('entry', 255), isUnique: true }, str('note', 200, true), ms('created_at')],
    }));

    await q.createTable(new Table({
      name: 'tickets',
      columns: [id(), str('run_id', 40, true), str('contact_id', 40), str('channel_id', 40, true), str('subject', 300), text('body'),
        str('team', 100), str('priority', 16), str('status', 16), ms('created_at')],
      indices: [new TableIndex({ name: 'IDX_tickets_status_created', columnNames: ['status', 'created_at'] })],
    }));

    await q.createTable(new Table({
      name: 'data_rows',
      columns: [id('table_name', 100), id('row_key', 200), text('row'), ms('updated_at')],
    }));

    await q.createTable(new Table({
      name: 'waiting_sessions',
      columns: [id('contact_id'), id('channel_key'), { ...str('run_id', 40), isUnique: true }, str('node_id', 64), ms('deadline')],
      indices: [new TableIndex({ name: 'IDX_waiting_deadline', columnNames: ['deadline'] })],
    }));

    await q.createTable(new Table({
      name: 'run_node_stats',
      columns: [id('flow_id'), id('node_id', 64), id('handle', 64), int('count')],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['run_node_stats', 'waiting_sessions', 'data_rows', 'tickets', 'lookup_allowlist', 'secrets',
      'idempotency_keys', 'messages', 'run_steps', 'runs', 'contacts']) {
      await q.dropTable(table);
    }
  }
}
