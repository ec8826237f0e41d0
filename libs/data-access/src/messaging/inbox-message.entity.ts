import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { msColumn } from '../runs/columns';

export type InboxStatus = 'stored' | 'part' | 'merged' | 'handled' | 'failed';

/**
 * The durable MO store: a row is written before the provider gets its 2xx, and the unique
 * (channel, provider id) makes provider retries harmless. `id` becomes the message id the
 * dispatcher and the run log use. Parts of a concatenated MO are kept as `part` rows until the
 * group is complete.
 */
@Entity('inbox')
@Index('UQ_inbox_channel_provider_id', ['channelId', 'providerMessageId'], { unique: true })
@Index('IDX_inbox_status', ['status', 'receivedAt'])
@Index('IDX_inbox_concat', ['channelId', 'from', 'concatRef'])
export class InboxMessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ name: 'channel_id', type: 'varchar', length: 40 })
  channelId!: string;

  @Column({ name: 'provider_message_id', type: 'varchar', length: 128 })
  providerMessageId!: string;

  @Column({ type: 'varchar', length: 32 })
  provider!: string;

  @Column({ name: 'from_addr', type: 'varchar', length: 32 })
  from!: string;

  @Column({ name: 'to_addr', type: 'varchar', length: 32 })
  to!: string;

  @Column({ type: 'text' })
  text!: string;

  /** The sender's partition (hash of `from`): scaled workers claim only the partitions they own. */
  @Column({ type: 'integer', default: 0 })
  partition!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: InboxStatus;

  @Column({ name: 'concat_ref', type: 'varchar', length: 64, nullable: true })
  concatRef!: string | null;

  @Column({ name: 'concat_total', type: 'integer', nullable: true })
  concatTotal!: number | null;

  @Column({ name: 'concat_part', type: 'integer', nullable: true })
  concatPart!: number | null;

  /** A part's payload bytes as they came off the wire (base64; SMPP), joined before decoding. */
  @Column({ name: 'part_bytes', type: 'text', nullable: true })
  partBytes?: string | null;

  /** The data_coding of `partBytes`. */
  @Column({ name: 'data_coding', type: 'integer', nullable: true })
  dataCoding?: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'received_at', ...msColumn })
  receivedAt!: number;

  @Column({ name: 'updated_at', ...msColumn })
  updatedAt!: number;
}
