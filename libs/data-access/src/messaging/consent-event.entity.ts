import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { msColumn } from '../runs/columns';

/** Append-only: the API offers no update or delete, and no code path rewrites a row except erasure. */
@Entity('consent_log')
@Index('IDX_consent_log_at', ['at', 'id'])
@Index('IDX_consent_log_contact', ['contactId', 'at'])
export class ConsentEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ name: 'contact_id', type: 'varchar', length: 40 })
  contactId!: string;

  /** Copied so the log reads on its own; replaced by a mask when the contact is erased. */
  @Column({ type: 'varchar', length: 32 })
  phone!: string;

  @Column({ name: 'channel_id', type: 'varchar', length: 40 })
  channelId!: string;

  @Column({ type: 'varchar', length: 16 })
  action!: 'opt_out' | 'opt_in';

  /** keyword (an MO), api (an operator), flow (a subscribe node). */
  @Column({ type: 'varchar', length: 16 })
  source!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  keyword!: string | null;

  @Column({ name: 'message_id', type: 'varchar', length: 40, nullable: true })
  messageId!: string | null;

  @Column({ name: 'actor_id', type: 'varchar', length: 40, nullable: true })
  actorId!: string | null;

  @Column({ ...msColumn })
  at!: number;
}
