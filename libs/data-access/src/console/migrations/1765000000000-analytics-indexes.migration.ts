import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Indexes for the channel analytics (console/analytics.repository.ts): messages of one channel in a
 * time range, with direction and status in the index so the per-hour counts and the MT outcome counts
 * are read from the index alone; and the opt-outs of one channel in a time range.
 */
export class AnalyticsIndexes1765000000000 implements MigrationInterface {
  name = 'AnalyticsIndexes1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('messages', new TableIndex({ name: 'IDX_messages_channel_created', columnNames: ['channel_id', 'created_at', 'direction', 'status'] }));
    await q.createIndex('consent_log', new TableIndex({ name: 'IDX_consent_log_channel_at', columnNames: ['channel_id', 'at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('consent_log', 'IDX_consent_log_channel_at');
    await q.dropIndex('messages', 'IDX_messages_channel_created');
  }
}
