import { Counter, Gauge } from 'prom-client';
import type { MetricsService } from '../metrics/metrics.service';

/**
 * The sender's figures in /metrics:
 * - `moflow_outbox_results_total{channel,status}`: MTs the sender finished or rescheduled, by channel
 *   id and what happened (sent, failed, suppressed, deferred, retry, throttled); the rate of
 *   `status="sent"` is the throughput per channel;
 * - `moflow_outbox_queue_depth`: MTs due now and not sent yet (all senders, read at scrape);
 * - `moflow_outbox_lag_seconds`: how long the oldest of them has been due (0 when none is).
 */
export class OutboxMetrics {
  readonly results: Counter<'channel' | 'status'>;
  private readonly depth: Gauge;
  private readonly lag: Gauge;

  constructor(metrics: MetricsService, backlog: (now: number) => Promise<{ depth: number; oldestDueAt: number | null }>) {
    const registers = [metrics.registry];
    this.results = new Counter({ name: 'moflow_outbox_results_total', help: 'MTs finished or rescheduled by the sender, by channel and status', labelNames: ['channel', 'status'] as const, registers });
    this.depth = new Gauge({ name: 'moflow_outbox_queue_depth', help: 'MTs due and not sent yet', registers });
    this.lag = new Gauge({ name: 'moflow_outbox_lag_seconds', help: 'How long the oldest due MT has been waiting', registers });
    metrics.onCollect(async () => {
      const now = Date.now();
      const b = await backlog(now);
      this.depth.set(b.depth);
      this.lag.set(b.oldestDueAt === null ? 0 : Math.max(0, now - b.oldestDueAt) / 1000);
    });
  }

  count(channelId: string | null, status: string): void {
    this.results.inc({ channel: channelId ?? 'none', status });
  }
}
