import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { msColumn } from '../runs/columns';

/** What ops add to a ticket the engine opened (1:1 with `tickets`): assignee, timestamps, forwarding. */
@Entity('ticket_details')
export class TicketDetailsEntity {
  @PrimaryColumn({ name: 'ticket_id', type: 'varchar', length: 40 })
  ticketId!: string;

  @Column({ name: 'assignee_id', type: 'varchar', length: 40, nullable: true })
  assigneeId!: string | null;

  @Column({ name: 'updated_at', ...msColumn })
  updatedAt!: number;

  @Column({ name: 'closed_at', ...msColumn, nullable: true })
  closedAt!: number | null;

  /** Helpdesk webhook delivery: pending | delivered | failed | none. */
  @Column({ name: 'forward_status', type: 'varchar', length: 16 })
  forwardStatus!: string;

  @Column({ name: 'forward_attempts', type: 'integer' })
  forwardAttempts!: number;
}

/** One message of a ticket's thread: an MO of the contact while the ticket was open, or an ops reply. */
@Entity('ticket_thread')
@Index('IDX_ticket_thread_ticket', ['ticketId', 'at'])
export class TicketThreadEntryEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ name: 'ticket_id', type: 'varchar', length: 40 })
  ticketId!: string;

  @Column({ name: 'message_id', type: 'varchar', length: 40, nullable: true })
  messageId!: string | null;

  @Column({ type: 'varchar', length: 3 })
  direction!: 'in' | 'out';

  @Column({ name: 'author_id', type: 'varchar', length: 40, nullable: true })
  authorId!: string | null;

  @Column({ type: 'text' })
  text!: string;

  @Column({ ...msColumn })
  at!: number;
}
