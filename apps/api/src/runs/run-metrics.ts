import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { inboxBacklog } from '@moflow/data-access';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { MetricsService } from '../metrics/metrics.service';
import { RunEventsBus } from '../shared-state/run-events.bus';

const TERMINAL = new Set(['completed', 'failed', 'expired', 'cancelled']);
/** Bound on remembered statuses of unfinished runs (a forgotten one may be counted twice). */
const MAX_TRACKED = 100_000;

/**
 * Feeds /metrics: `moflow_runs_total{flow,status}` counts runs entering a status (a run that stays
 * waiting across a burst is not counted again; cancelled runs count too, whatever cancelled them);
 * `moflow_queue_depth{queue="inbox"}` (stored MOs not yet handled, every process's) and
 * `moflow_inbox_lag_seconds` (age of the oldest) are read at every scrape.
 */
@Injectable()
export class RunMetrics implements OnModuleInit, OnModuleDestroy {
  private subscription: Subscription | null = null;
  private readonly lastStatus = new Map<string, string>();

  constructor(
    private readonly bus: RunEventsBus,
    private readonly metrics: MetricsService,
    private readonly ds: DataSource,
  ) {}

  onModuleInit(): void {
    this.subscription = this.bus.localRuns.subscribe((run) => {
      if (this.lastStatus.get(run.id) === run.status) return;
      this.metrics.runs.inc({ flow: run.flowId, status: run.status });
      if (TERMINAL.has(run.status)) this.lastStatus.delete(run.id);
      else {
        if (this.lastStatus.size >= MAX_TRACKED) this.lastStatus.clear();
        this.lastStatus.set(run.id, run.status);
      }
    });
    const lag = new Gauge({ name: 'moflow_inbox_lag_seconds', help: 'Age of the oldest stored MO the turn pipeline has not handled yet', registers: [this.metrics.registry] });
    this.metrics.onCollect(async () => {
      const backlog = await inboxBacklog(this.ds);
      this.metrics.queueDepth.set({ queue: 'inbox' }, backlog.stored);
      lag.set(backlog.lagMs / 1000);
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}
