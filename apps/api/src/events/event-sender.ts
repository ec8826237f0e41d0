import { createHmac } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventDeliveryEntity, EventSubscriptionEntity, tableOf, writeTransaction } from '@moflow/data-access';
import { CallTimeout, DestinationRefused, httpRequest } from '@moflow/providers';
import { Counter, Gauge } from 'prom-client';
import { DataSource, In } from 'typeorm';
import { SecretBox } from '../config/secret-box.service';
import { LookupAllowlistService } from '../lookups/lookup-allowlist.service';
import { MetricsService } from '../metrics/metrics.service';

const BATCH = 50;
const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;
/** Attempts before a delivery is given up (failed): the last one about 4.5 h after the first. */
export const MAX_ATTEMPTS = 10;
/** 1 s, 4 s, 16 s, 64 s, … capped at 6 h. */
export const backoffMs = (attempts: number) => Math.min(1_000 * 4 ** Math.max(attempts - 1, 0), 6 * 3_600_000);

/** `sha256=<hex HMAC-SHA256 of the exact body with the subscription's secret>`. */
export function eventSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Delivers event-subscription rows: claims due ones under a lease (so API replicas and workers can
 * all run it without sending one twice at once), POSTs each, and records the outcome; a failure is
 * retried with backoff up to MAX_ATTEMPTS. Never runs inside a turn: it reads only committed rows.
 */
@Injectable()
export class EventSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EventSender');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  private readonly attemptsTotal: Counter<'outcome'>;

  constructor(private readonly ds: DataSource, private readonly box: SecretBox, metrics: MetricsService, private readonly allowlist: LookupAllowlistService) {
    const registers = [metrics.registry];
    this.attemptsTotal = new Counter({ name: 'moflow_event_delivery_attempts_total', help: 'Event-subscription POSTs by outcome: delivered, retry, failed (given up)', labelNames: ['outcome'] as const, registers });
    const pending = new Gauge({ name: 'moflow_event_deliveries_pending', help: 'Event-subscription deliveries not delivered yet (all processes)', registers });
    const oldest = new Gauge({ name: 'moflow_event_deliveries_lag_seconds', help: 'Age of the oldest pending event-subscription delivery (0 when none)', registers });
    metrics.onCollect(async () => {
      const row = await this.ds.getRepository(EventDeliveryEntity).createQueryBuilder('d').select('COUNT(*)', 'n').addSelect('MIN(d.created_at)', 'oldest')
        .where("d.status = 'pending'").getRawOne<{ n: string | number; oldest: string | number | null }>();
      pending.set(Number(row?.n ?? 0));
      oldest.set(row?.oldest ? Math.max(0, Date.now() - Number(row.oldest)) / 1000 : 0);
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.wake(), 500);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  wake(): void {
    if (this.running || this.stopped) return;
    this.running = this.drain().catch((err: Error) => this.logger.error(`event delivery failed: ${err.message}`)).finally(() => (this.running = null));
  }

  private async drain(): Promise<void> {
    for (let round = 0; round < 20 && !this.stopped; round++) {
      const claimed = await this.claim(Date.now());
      if (claimed.length === 0) return;
      const subs = new Map((await this.ds.getRepository(EventSubscriptionEntity).findBy({ id: In([...new Set(claimed.map((d) => d.subscriptionId))]) })).map((s) => [s.id, s]));
      const results = await Promise.all(claimed.map((d) => this.send(d, subs.get(d.subscriptionId))));
      await writeTransaction(this.ds, async (m) => {
        for (const r of results) await m.getRepository(EventDeliveryEntity).update({ id: r.id }, r.changes);
      });
      for (const r of results) if (r.changes.attempts !== undefined) this.attemptsTotal.inc({ outcome: r.changes.status === 'pending' ? 'retry' : (r.changes.status ?? 'retry') });
      if (claimed.length < BATCH) return;
    }
  }

  private async claim(now: number): Promise<EventDeliveryEntity[]> {
    const t = tableOf(this.ds, EventDeliveryEntity);
    const pg = this.ds.options.type === 'postgres';
    const at = pg ? '$2' : '?';
    const due = `"status" = 'pending' AND "next_attempt_at" <= ${at} AND ("lease_until" IS NULL OR "lease_until" < ${at})`;
    const ids = await writeTransaction(this.ds, async (m) => {
      const raw = (await m.query(`UPDATE ${t} SET "lease_until" = ${pg ? '$1' : '?'} WHERE "id" IN (SELECT "id" FROM ${t} WHERE ${due} ORDER BY "next_attempt_at" LIMIT ${BATCH}) AND ${due} RETURNING "id"`,
        pg ? [now + LEASE_MS, now] : [now + LEASE_MS, now, now, now, now])) as unknown;
      const rows = (Array.isArray(raw) && Array.isArray(raw[0]) ? raw[0] : raw) as { id: string }[];
      return rows.map((r) => r.id);
    });
    return ids.length ? this.ds.getRepository(EventDeliveryEntity).findBy({ id: In(ids) }) : [];
  }

  private async send(d: EventDeliveryEntity, sub: EventSubscriptionEntity | undefined): Promise<{ id: string; changes: Partial<EventDeliveryEntity> }> {
    const now = Date.now();
    if (!sub) return { id: d.id, changes: { status: 'failed', leaseUntil: null, lastError: 'the subscription was deleted', updatedAt: now } };
    // A paused subscription keeps its events: they go out once it is active again.
    if (!sub.active) return { id: d.id, changes: { leaseUntil: null, nextAttemptAt: now + 60_000, updatedAt: now } };
    const attempts = d.attempts + 1;
    let status: number | null = null;
    let error: string | null = null;
    try {
      // The subscription's URL is set by an admin: the lookups' address policy judges the address
      // each connection is opened to (no redirects followed; a 3xx is a failed attempt).
      const res = await httpRequest(sub.url, {
        method: 'POST', timeoutMs: TIMEOUT_MS, maxResponseBytes: 4_096, policy: await this.allowlist.destinations(),
        headers: {
          'content-type': 'application/json', 'user-agent': 'Moflow-Events/1', 'x-moflow-event': d.eventType, 'x-moflow-event-id': d.eventId,
          'x-moflow-delivery': d.id, 'x-moflow-signature': eventSignature(this.box.open(sub.secretEncrypted), d.body),
        },
        body: d.body,
      });
      status = res.status;
      if (res.status < 200 || res.status >= 300) error = `answered HTTP ${res.status}`;
    } catch (err) {
      const e = err as Error & { code?: string };
      error = err instanceof CallTimeout ? `no answer within ${TIMEOUT_MS / 1000} s`
        : err instanceof DestinationRefused ? e.message : `cannot reach ${new URL(sub.url).host}: ${e.code ?? e.message}`;
    }
    if (!error) return { id: d.id, changes: { status: 'delivered', attempts, lastStatus: status, lastError: null, leaseUntil: null, updatedAt: now } };
    const giveUp = attempts >= MAX_ATTEMPTS;
    return {
      id: d.id,
      changes: { status: giveUp ? 'failed' : 'pending', attempts, lastStatus: status, lastError: error, leaseUntil: null, nextAttemptAt: now + backoffMs(attempts), updatedAt: now },
    };
  }
}
