import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** API keys may expire (chosen at creation); existing keys keep never expiring. */
export class ApiKeyExpiry1765150000000 implements MigrationInterface {
  name = 'ApiKeyExpiry1765150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('api_keys', new TableColumn({ name: 'expires_at', type: 'bigint', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('api_keys', 'expires_at');
  }
}
