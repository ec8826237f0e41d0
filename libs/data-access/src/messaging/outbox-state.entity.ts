import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { msColumn } from '../runs/columns';

/**
 * Sender bookkeeping for one outbound `messages` row: when it may next be tried, who holds it
 * (lease), how many attempts, why it failed, what the provider reported last.
 */
@Entity('outbox_state')
@Index('IDX_outbox_state_due', ['nextAttemptAt'])
export class OutboxStateEntity {
  @PrimaryColumn({ name: 'message_id', type: 'varchar', length: 40 })
  messageId!: string;

  @Column({ name: 'next_attempt_at', ...msColumn })
  nextAttemptAt!: number;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'lease_owner', type: 'varchar', length: 40, nullable: true })
  leaseOwner!: string | null;

  @Column({ name: 'lease_until', ...msColumn, nullable: true })
  leaseUntil!: number | null;

  /** Why it was suppressed, deferred or failed; the provider's status word after a DLR. */
  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  /** All provider ids (several when the provider counts parts separately); messages keeps the first. */
  @Column({ name: 'provider_ids', type: 'simple-json', nullable: true })
  providerIds!: string[] | null;

  /** The inbound message this MT answers, for the quiet-hours reply exception. */
  @Column({ name: 'in_reply_to', type: 'varchar', length: 40, nullable: true })
  inReplyTo!: string | null;
}

/** Every provider id of an MT (one per part for SMPP), so a delivery report finds its message by key. */
@Entity('outbox_provider_ids')
export class OutboxProviderIdEntity {
  @PrimaryColumn({ name: 'channel_id', type: 'varchar', length: 40 })
  channelId!: string;

  @PrimaryColumn({ name: 'provider_message_id', type: 'varchar', length: 128 })
  providerMessageId!: string;

  @Column({ name: 'message_id', type: 'varchar', length: 40 })
  messageId!: string;
}
