import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolean, epochMs, idColumn, integer, json, text, varchar } from '../../migrations/table-helpers';

/** Event subscriptions and their deliveries (the durable queue and the delivery log). */
export class EventSubscriptions1765100000001 implements MigrationInterface {
  name = 'EventSubscriptions1765100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'event_subscriptions',
      columns: [idColumn(), varchar('name', 120), varchar('url', 2048), text('secret_encrypted'), json('events'), boolean('active'),
        epochMs('created_at'), epochMs('updated_at')],
    }));
    await q.createTable(new Table({
      name: 'event_deliveries',
      columns: [idColumn(), varchar('subscription_id', 40), varchar('event_id', 40), varchar('event_type', 40), text('body'), varchar('status', 16),
        { ...integer('attempts'), default: 0 }, epochMs('next_attempt_at'), epochMs('lease_until', true), integer('last_status', true), text('last_error', true),
        epochMs('created_at'), epochMs('updated_at')],
    }));
    await q.createIndex('event_deliveries', new TableIndex({ name: 'IDX_event_deliveries_due', columnNames: ['status', 'next_attempt_at'] }));
    await q.createIndex('event_deliveries', new TableIndex({ name: 'IDX_event_deliveries_subscription', columnNames: ['subscription_id', 'created_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('event_deliveries');
    await q.dropTable('event_subscriptions');
  }
}
