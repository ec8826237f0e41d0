import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { msColumn } from './columns';

/** Inbound (MO) and outbound (MT) messages; outbound rows are the outbox the sender drains. */
@Entity('messages')
@Index('IDX_messages_run', ['runId', 'createdAt'])
@Index('IDX_messages_contact', ['contactId', 'createdAt'])
@Index('IDX_messages_status', ['direction', 'status', 'createdAt'])
export class MessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 3 })
  direction!: 'in' | 'out';

  @Column({ name: 'channel_id', type: 'varchar', length: 40, nullable: true })
  channelId!: string | null;

  @Column({ name: 'contact_id', type: 'varchar', length: 40, nullable: true })
  contactId!: string | null;

  @Column({ name: 'run_id', type: 'varchar', length: 40, nullable: true })
  runId!: string | null;

  @Column({ name: 'node_id', type: 'varchar', length: 64, nullable: true })
  nodeId!: string | null;

  @Column({ name: 'from_addr', type: 'varchar', length: 32 })
  from!: string;

  @Column({ name: 'to_addr', type: 'varchar', length: 32 })
  to!: string;

  @Column({ type: 'text' })
  text!: string;

  /** in: received | handled | unhandled; out: queued | sent | delivered | failed. */
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ type: 'varchar', length: 8, nullable: true })
  encoding!: string | null;

  @Column({ type: 'integer', nullable: true })
  segments!: number | null;

  @Column({ name: 'provider', type: 'varchar', length: 32, nullable: true })
  provider!: string | null;

  @Column({ name: 'provider_message_id', type: 'varchar', length: 128, nullable: true })
  providerMessageId!: string | null;

  @Column({ name: 'created_at', ...msColumn })
  createdAt!: number;

  @Column({ name: 'updated_at', ...msColumn })
  updatedAt!: number;
}
