import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolean, epochMs, idColumn, integer, json, text, varchar } from '../../migrations/table-helpers';

/**
 * Conversations, compliance and tickets: channel messaging settings, the durable inbox, the consent
 * log, per-channel contact state, sender bookkeeping (with the provider ids DLRs look up) and ticket details/thread. New tables only:
 * the core and run tables are extended 1:1 by id rather than altered.
 */
export class MessagingSchema1764150000000 implements MigrationInterface {
  name = 'MessagingSchema1764150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'channel_settings',
      columns: [idColumn('channel_id'), varchar('kind', 16), json('quiet_hours', true), integer('rate_per_second', true), integer('rate_burst', true),
        text('help_text'), text('opt_out_text'), text('opt_in_text'), json('keywords'), epochMs('updated_at')],
    }));
    await q.createTable(new Table({
      name: 'inbox',
      columns: [idColumn(), varchar('channel_id', 40), varchar('provider_message_id', 128), varchar('provider', 32), varchar('from_addr', 32),
        varchar('to_addr', 32), text('text'), varchar('status', 16), varchar('concat_ref', 64, true), integer('concat_total', true),
        integer('concat_part', true), text('error', true), epochMs('received_at'), epochMs('updated_at')],
      indices: [
        new TableIndex({ name: 'UQ_inbox_channel_provider_id', columnNames: ['channel_id', 'provider_message_id'], isUnique: true }),
        new TableIndex({ name: 'IDX_inbox_status', columnNames: ['status', 'received_at'] }),
        new TableIndex({ name: 'IDX_inbox_concat', columnNames: ['channel_id', 'from_addr', 'concat_ref'] }),
      ],
    }));
    await q.createTable(new Table({
      name: 'consent_log',
      columns: [idColumn(), varchar('contact_id', 40), varchar('phone', 32), varchar('channel_id', 40), varchar('action', 16), varchar('source', 16),
        varchar('keyword', 64, true), varchar('message_id', 40, true), varchar('actor_id', 40, true), epochMs('at')],
      indices: [
        new TableIndex({ name: 'IDX_consent_log_at', columnNames: ['at', 'id'] }),
        new TableIndex({ name: 'IDX_consent_log_contact', columnNames: ['contact_id', 'at'] }),
      ],
    }));
    await q.createTable(new Table({
      name: 'contact_channel_states',
      columns: [{ ...idColumn('contact_id') }, { ...idColumn('channel_id') }, boolean('opted_out'), epochMs('opt_changed_at', true),
        epochMs('last_inbound_at', true)],
    }));
    await q.createTable(new Table({
      name: 'outbox_state',
      columns: [idColumn('message_id'), epochMs('next_attempt_at'), integer('attempts'), varchar('lease_owner', 40, true), epochMs('lease_until', true),
        text('detail', true), json('provider_ids', true), varchar('in_reply_to', 40, true)],
      indices: [new TableIndex({ name: 'IDX_outbox_state_due', columnNames: ['next_attempt_at'] })],
    }));
    await q.createTable(new Table({
      name: 'ticket_details',
      columns: [idColumn('ticket_id'), varchar('assignee_id', 40, true), epochMs('updated_at'), epochMs('closed_at', true),
        varchar('forward_status', 16), integer('forward_attempts')],
    }));
    await q.createTable(new Table({
      name: 'ticket_thread',
      columns: [idColumn(), varchar('ticket_id', 40), varchar('message_id', 40, true), varchar('direction', 3), varchar('author_id', 40, true),
        text('text'), epochMs('at')],
      indices: [new TableIndex({ name: 'IDX_ticket_thread_ticket', columnNames: ['ticket_id', 'at'] })],
    }));
    // Finds the outbound row a delivery report names by the provider's id (any part).
    await q.createTable(new Table({
      name: 'outbox_provider_ids',
      columns: [idColumn('channel_id'), { ...idColumn('provider_message_id'), length: '128' }, varchar('message_id', 40)],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['outbox_provider_ids', 'ticket_thread', 'ticket_details', 'outbox_state', 'contact_channel_states', 'consent_log', 'inbox', 'channel_settings']) {
      await q.dropTable(table);
    }
  }
}
