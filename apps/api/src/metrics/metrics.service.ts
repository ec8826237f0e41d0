import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus registry. Other modules inject this service and register their own
 * metrics on `registry` (or use the shared ones below) so /metrics shows everything.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'moflow_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  /** Incremented by the run machinery when a run ends or changes status. */
  readonly runs = new Counter({
    name: 'moflow_runs_total',
    help: 'Runs by flow and status',
    labelNames: ['flow', 'status'] as const,
    registers: [this.registry],
  });

  /** Set by the queue owner (in-process or BullMQ) to its current backlog. */
  readonly queueDepth = new Gauge({
    name: 'moflow_queue_depth',
    help: 'Jobs waiting per queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  private readonly collectors: (() => Promise<void>)[] = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'moflow_' });
  }

  /** Runs before every scrape, for values read on demand (queue depth). A failing one is skipped. */
  onCollect(collector: () => Promise<void>): void {
    this.collectors.push(collector);
  }

  async render(): Promise<string> {
    await Promise.all(this.collectors.map((c) => c().catch(() => undefined)));
    return this.registry.metrics();
  }
}
