import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { msColumn } from './columns';

/** Minimal ticket opened by a `ticket` node; the tickets issue extends it (assignee, thread...). */
@Entity('tickets')
@Index('IDX_tickets_status_created', ['status', 'createdAt'])
export class TicketEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ name: 'run_id', type: 'varchar', length: 40, nullable: true })
  runId!: string | null;

  @Column({ name: 'contact_id', type: 'varchar', length: 40 })
  contactId!: string;

  @Column({ name: 'channel_id', type: 'varchar', length: 40, nullable: true })
  channelId!: string | null;

  @Column({ type: 'varchar', length: 300 })
  subject!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'varchar', length: 100 })
  team!: string;

  @Column({ type: 'varchar', length: 16 })
  priority!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ name: 'created_at', ...msColumn })
  createdAt!: number;
}
