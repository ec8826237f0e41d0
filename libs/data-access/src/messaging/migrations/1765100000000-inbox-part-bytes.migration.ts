import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** SMPP parts keep their wire bytes in the inbox until the group is joined (a split escape or surrogate pair is decoded only then). */
export class InboxPartBytes1765100000000 implements MigrationInterface {
  name = 'InboxPartBytes1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('inbox', new TableColumn({ name: 'part_bytes', type: 'text', isNullable: true }));
    await q.addColumn('inbox', new TableColumn({ name: 'data_coding', type: 'integer', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('inbox', 'data_coding');
    await q.dropColumn('inbox', 'part_bytes');
  }
}
