import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { RunSummaryDto } from '@moflow/api-contract';
import { Subject, type Observable } from 'rxjs';
import { LiveFeed } from './live-feed';
import { RedisConnections } from './redis-connections';

/**
 * New and updated runs, for the SSE stream: in process, and over Redis pub/sub when REDIS_URL is
 * set (shared-state/live-feed.ts), so an API replica streams runs a worker wrote. `localRuns` is
 * only this process's runs: counters (moflow_runs_total) must not count another process's runs a
 * second time.
 */
@Injectable()
export class RunEventsBus implements OnModuleInit {
  private readonly feed: LiveFeed<RunSummaryDto>;
  private readonly local = new Subject<RunSummaryDto>();

  constructor(redis: RedisConnections) {
    this.feed = new LiveFeed<RunSummaryDto>(redis, 'runs', new Logger('RunEventsBus'));
  }

  async onModuleInit(): Promise<void> {
    await this.feed.start();
  }

  publish(run: RunSummaryDto): void {
    this.local.next(run);
    this.feed.publish(run);
  }

  /** Every process's runs (the SSE stream). */
  get runs(): Observable<RunSummaryDto> {
    return this.feed.items;
  }

  /** The runs this process handled. */
  get localRuns(): Observable<RunSummaryDto> {
    return this.local.asObservable();
  }
}
