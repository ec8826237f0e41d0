import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { RunSummaryDto } from '@moflow/api-contract';
import { Subject, type Observable } from 'rxjs';
import { RedisConnections } from '../shared-state/redis-connections';

const CHANNEL = 'runs';
/** Run updates published within this window travel in one Redis message. */
const FLUSH_MS = 10;

interface Envelope {
  origin: string;
  runs: RunSummaryDto[];
}

/**
 * New and updated runs, for the SSE stream. Without REDIS_URL, in process. With REDIS_URL every
 * process also publishes its runs on Redis pub/sub (batched every few ms) and streams the runs of
 * the others, so an API replica streams runs a worker wrote. `localRuns` is only this process's
 * runs: counters (moflow_runs_total) must not count another process's runs a second time.
 */
@Injectable()
export class RunEventsBus implements OnModuleInit {
  private readonly logger = new Logger('RunEventsBus');
  private readonly origin = randomUUID();
  private readonly all = new Subject<RunSummaryDto>();
  private readonly local = new Subject<RunSummaryDto>();
  private outgoing: RunSummaryDto[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly redis: RedisConnections) {}

  async onModuleInit(): Promise<void> {
    if (!this.redis.enabled) return;
    await this.redis.subscribe(CHANNEL, (raw) => {
      const envelope = JSON.parse(raw) as Envelope;
      if (envelope.origin === this.origin) return;
      for (const run of envelope.runs) this.all.next(run);
    }).catch((err: Error) => this.logger.warn(`the run stream shows only this process's runs: ${err.message}`));
  }

  publish(run: RunSummaryDto): void {
    this.local.next(run);
    this.all.next(run);
    if (!this.redis.enabled) return;
    this.outgoing.push(run);
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS).unref();
  }

  /** Every process's runs (the SSE stream). */
  get runs(): Observable<RunSummaryDto> {
    return this.all.asObservable();
  }

  /** The runs this process handled. */
  get localRuns(): Observable<RunSummaryDto> {
    return this.local.asObservable();
  }

  private flush(): void {
    this.timer = null;
    const runs = this.outgoing;
    this.outgoing = [];
    if (runs.length === 0) return;
    const envelope: Envelope = { origin: this.origin, runs };
    this.redis.publish(CHANNEL, JSON.stringify(envelope)).catch((err: Error) => this.logger.warn(`cannot publish ${runs.length} run update(s): ${err.message}`));
  }
}
