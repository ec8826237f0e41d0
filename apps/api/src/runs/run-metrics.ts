import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { JOB_QUEUE } from '../dispatch/dispatch.tokens';
import type { JobQueue } from '../dispatch/dispatch-job';
import { MetricsService } from '../metrics/metrics.service';
import { RunEventsBus } from './run-events.bus';

const TERMINAL = new Set(['completed', 'failed', 'expired', 'cancelled']);
/** Bound on remembered statuses of unfinished runs (a forgotten one may be counted twice). */
const MAX_TRACKED = 100_000;

/**
 * Feeds /metrics: `moflow_runs_total{flow,status}` counts runs entering a status (a run that stays
 * waiting across a burst is not counted again) and `moflow_queue_depth{queue="dispatch"}` is read
 * from the dispatch queue at every scrape.
 */
@Injectable()
export class RunMetrics implements OnModuleInit, OnModuleDestroy {
  private subscription: Subscription | null = null;
  private readonly lastStatus = new Map<string, string>();

  constructor(
    private readonly bus: RunEventsBus,
    private readonly metrics: MetricsService,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
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
    this.metrics.onCollect(async () => this.metrics.queueDepth.set({ queue: 'dispatch' }, await this.queue.depth()));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}
