import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventSubscriptionEntity, newId, type EventDeliveryEntity, type EventType, type TurnBatchWrites } from '@moflow/data-access';
import { DataSource } from 'typeorm';

/** One fact to report: its type and the `data` of the POSTed envelope. */
export interface OutgoingEvent {
  type: EventType;
  data: Record<string, unknown>;
  at: number;
}

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

/**
 * Turns what a transaction did into event-subscription deliveries, written by that same
 * transaction (so an event exists exactly when its fact does, and the sender delivers it at least
 * once). The active subscriptions are kept in memory — refreshed every 2 s and at once when this
 * process changes one — so a turn batch adds rows to its one write and makes no extra read.
 */
@Injectable()
export class EventFanout implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('EventFanout');
  private subs: Array<Pick<EventSubscriptionEntity, 'id' | 'events'>> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly ds: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch((err: Error) => this.logger.warn(`cannot load event subscriptions: ${err.message}`)), 2_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    this.subs = await this.ds.getRepository(EventSubscriptionEntity).find({ select: { id: true, events: true }, where: { active: true } });
  }

  /** Deliveries of these events to every active subscription that wants them. */
  deliveries(events: readonly OutgoingEvent[], onlySubscription?: string): EventDeliveryEntity[] {
    if (this.subs.length === 0 && !onlySubscription) return [];
    const out: EventDeliveryEntity[] = [];
    for (const e of events) {
      const eventId = randomUUID();
      const body = JSON.stringify({ id: eventId, type: e.type, createdAt: iso(e.at), data: e.data });
      const targets = onlySubscription ? [onlySubscription] : this.subs.filter((s) => s.events.includes(e.type)).map((s) => s.id);
      for (const subscriptionId of targets) {
        out.push({
          id: newId(), subscriptionId, eventId, eventType: e.type, body, status: 'pending', attempts: 0, nextAttemptAt: e.at, leaseUntil: null,
          lastStatus: null, lastError: null, createdAt: e.at, updatedAt: e.at,
        });
      }
    }
    return out;
  }

  get anyActive(): boolean {
    return this.subs.length > 0;
  }
}

/** The events of one turn batch: MOs handled, runs that ended, tickets opened, keyword opt-outs. */
export function eventsOfBatch(w: TurnBatchWrites): OutgoingEvent[] {
  const events: OutgoingEvent[] = [];
  for (const m of w.messages) {
    if (m.direction !== 'in') continue;
    events.push({ type: 'message.received', at: m.createdAt, data: {
      id: m.id, channelId: m.channelId, contactId: m.contactId, from: m.from, to: m.to, text: m.text, receivedAt: iso(m.createdAt), runId: m.runId,
      rule: m.nodeId?.startsWith('$rule:') ? m.nodeId.slice('$rule:'.length) : null,
    } });
  }
  for (const { row } of w.runs) {
    if (row.status !== 'completed' && row.status !== 'failed') continue;
    events.push({ type: row.status === 'completed' ? 'run.completed' : 'run.failed', at: row.endedAt ?? row.updatedAt, data: {
      id: row.id, flowId: row.flowId, flowName: row.flowName, flowVersion: row.flowVersion, status: row.status, contactId: row.contactId,
      contactPhone: row.contactPhone, channelId: row.channelId, error: row.error, startedAt: iso(row.startedAt), endedAt: iso(row.endedAt),
    } });
  }
  for (const t of w.tickets) {
    events.push({ type: 'ticket.opened', at: t.createdAt, data: {
      id: t.id, runId: t.runId, contactId: t.contactId, channelId: t.channelId, subject: t.subject, team: t.team, priority: t.priority, createdAt: iso(t.createdAt),
    } });
  }
  for (const c of w.consentEvents) {
    if (c.action !== 'opt_out') continue;
    events.push(optedOut(c));
  }
  return events;
}

export function optedOut(c: { contactId: string; phone: string; channelId: string; source: string; keyword: string | null; at: number }): OutgoingEvent {
  return { type: 'contact.opted_out', at: c.at, data: { contactId: c.contactId, phone: c.phone, channelId: c.channelId, source: c.source, keyword: c.keyword, at: iso(c.at) } };
}

/** message.status for MT results the sender records (sent, failed, suppressed, deferred, delivered…). */
export function statusEvent(m: { id: string; channelId: string | null; runId: string | null }, status: string, extra: { providerMessageId?: string | null; detail?: string | null }, at: number): OutgoingEvent {
  return { type: 'message.status', at, data: { id: m.id, channelId: m.channelId, runId: m.runId, status, providerMessageId: extra.providerMessageId ?? null, detail: extra.detail ?? null, at: iso(at) } };
}
