import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Each secret is bound to the hosts it may be sent to. Existing secrets start with none: a base-URL
 * secret keeps going to its own host, any other is refused until an admin names its hosts.
 */
export class SecretHosts1765140000000 implements MigrationInterface {
  name = 'SecretHosts1765140000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('secrets', new TableColumn({ name: 'hosts', type: 'text', isNullable: false, default: "'[]'" }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('secrets', 'hosts');
  }
}
