import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { epochMs, idColumn, integer, json, varchar } from '../../migrations/table-helpers';

/** Per-part delivery status of MTs and receipts held until their message id is known. */
export class DeliveryReports1764300013000 implements MigrationInterface {
  name = 'DeliveryReports1764300013000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'delivery_parts',
      columns: [idColumn('message_id'), { ...integer('part'), isPrimary: true }, integer('total'), varchar('provider_message_id', 128), varchar('status', 16),
        varchar('provider_status', 64), varchar('error_code', 64, true), epochMs('updated_at')],
    }));
    await q.createTable(new Table({
      name: 'held_receipts',
      columns: [idColumn(), varchar('channel_id', 40), varchar('provider_message_id', 128), json('report'), varchar('source', 16), epochMs('received_at')],
      indices: [new TableIndex({ name: 'IDX_held_receipts_received', columnNames: ['received_at'] })],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('held_receipts');
    await q.dropTable('delivery_parts');
  }
}
