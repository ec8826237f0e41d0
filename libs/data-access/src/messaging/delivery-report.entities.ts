import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMsColumn } from '../common/columns';

/** The last delivery status of one part of an MT (one row per part that has had a receipt). */
@Entity('delivery_parts')
export class DeliveryPartEntity {
  @PrimaryColumn({ name: 'message_id', type: 'varchar', length: 40 })
  messageId!: string;

  /** 1-based, in the order the provider ids were returned. */
  @PrimaryColumn({ type: 'integer' })
  part!: number;

  @Column({ type: 'integer' })
  total!: number;

  @Column({ name: 'provider_message_id', type: 'varchar', length: 128 })
  providerMessageId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ name: 'provider_status', type: 'varchar', length: 64 })
  providerStatus!: string;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode!: string | null;

  @Column({ name: 'updated_at', ...epochMsColumn })
  updatedAt!: number;
}

/**
 * A delivery report whose provider id matched no MT yet: kept (and acknowledged) so a receipt that
 * overtakes our own write of the id is applied when the id arrives, and dropped with a log line and
 * a metric when nothing claims it within the hold window.
 */
@Entity('held_receipts')
@Index('IDX_held_receipts_received', ['receivedAt'])
export class HeldReceiptEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ name: 'channel_id', type: 'varchar', length: 40 })
  channelId!: string;

  @Column({ name: 'provider_message_id', type: 'varchar', length: 128 })
  providerMessageId!: string;

  /** The normalised DeliveryReport. */
  @Column({ type: 'simple-json' })
  report!: { providerMessageId: string; status: string; providerStatus: string; errorCode?: string };

  /** `webhook` or `smpp`. */
  @Column({ type: 'varchar', length: 16 })
  source!: string;

  @Column({ name: 'received_at', ...epochMsColumn })
  receivedAt!: number;
}
