import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { msColumn } from '../runs/columns';

/** What a business may subscribe to; each is POSTed as signed JSON (docs/webhooks.md). */
export const EVENT_TYPES = ['message.received', 'message.status', 'run.completed', 'run.failed', 'ticket.opened', 'contact.opted_out'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** An event subscription: where to POST, the HMAC secret (sealed), which events. */
@Entity('event_subscriptions')
export class EventSubscriptionEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'varchar', length: 2048 })
  url!: string;

  /** The signing secret, sealed with MOFLOW_SECRET_KEY; never returned. */
  @Column({ name: 'secret_encrypted', type: 'text' })
  secretEncrypted!: string;

  @Column({ type: 'simple-json' })
  events!: string[];

  /** Always written by the service (true unless the admin says otherwise); no column default, like every boolean here. */
  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'created_at', ...msColumn })
  createdAt!: number;

  @Column({ name: 'updated_at', ...msColumn })
  updatedAt!: number;
}

export type EventDeliveryStatus = 'pending' | 'delivered' | 'failed';

/**
 * One event for one subscription: written in the same transaction as the fact it reports (a turn
 * batch, the sender's results, an operator's opt-out) and POSTed by the event sender with retries,
 * so it is delivered at least once. Also the per-subscription delivery log.
 */
@Entity('event_deliveries')
@Index('IDX_event_deliveries_due', ['status', 'nextAttemptAt'])
@Index('IDX_event_deliveries_subscription', ['subscriptionId', 'createdAt'])
export class EventDeliveryEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 40 })
  subscriptionId!: string;

  /** Shared by the deliveries of one event to several subscriptions. */
  @Column({ name: 'event_id', type: 'varchar', length: 40 })
  eventId!: string;

  @Column({ name: 'event_type', type: 'varchar', length: 40 })
  eventType!: string;

  /** The JSON body, exactly as POSTed (and signed). */
  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: EventDeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', ...msColumn })
  nextAttemptAt!: number;

  @Column({ name: 'lease_until', ...msColumn, nullable: true })
  leaseUntil!: number | null;

  @Column({ name: 'last_status', type: 'integer', nullable: true })
  lastStatus!: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'created_at', ...msColumn })
  createdAt!: number;

  @Column({ name: 'updated_at', ...msColumn })
  updatedAt!: number;
}
