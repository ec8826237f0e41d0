import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { RunEntity, WaitingSessionEntity } from '@moflow/data-access';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import type { JobQueue } from './dispatch-job';
import { JOB_QUEUE } from './dispatch.tokens';

/**
 * Fires due wait timeouts: every second, and once at start-up for the ones that fell due while
 * the server was down. The timeout handler re-checks the run, so a duplicate (two replicas
 * polling) is harmless; `inFlight` only avoids queueing the same one every second.
 */
@Injectable()
export class TimeoutPoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('TimeoutPoller');
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<string>();
  private ticking = false;

  constructor(private readonly ds: DataSource, @Inject(JOB_QUEUE) private readonly queue: JobQueue) {}

  onApplicationBootstrap(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), 1_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One poll; returns how many timeouts it queued. */
  async tick(now = Date.now()): Promise<number> {
    if (this.ticking) return 0;
    this.ticking = true;
    try {
      const due = await this.ds.getRepository(WaitingSessionEntity).find({
        where: { deadline: LessThanOrEqual(now) }, order: { deadline: 'ASC' }, take: 500,
      });
      const fresh = due.filter((s) => !this.inFlight.has(s.runId));
      if (fresh.length === 0) return 0;
      const runs = await this.ds.getRepository(RunEntity).find({ select: { id: true, contactPhone: true }, where: { id: In(fresh.map((s) => s.runId)) } });
      for (const run of runs) {
        this.inFlight.add(run.id);
        this.queue.dispatch({ kind: 'timeout', key: run.contactPhone, runId: run.id })
          .catch((err: unknown) => this.logger.error(`timeout of run ${run.id} failed: ${(err as Error).message}`))
          .finally(() => this.inFlight.delete(run.id));
      }
      return runs.length;
    } catch (err) {
      this.logger.error(`timeout poll failed: ${(err as Error).message}`);
      return 0;
    } finally {
      this.ticking = false;
    }
  }
}
