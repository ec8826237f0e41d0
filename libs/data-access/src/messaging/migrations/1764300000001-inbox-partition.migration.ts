import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The sender's partition on each inbox row: scaled workers claim only the partitions they own. */
export class InboxPartition1764300000001 implements MigrationInterface {
  name = 'InboxPartition1764300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('inbox', new TableColumn({ name: 'partition', type: 'integer', isNullable: false, default: 0 }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('inbox', 'partition');
  }
}
