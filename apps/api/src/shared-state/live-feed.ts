import { randomUUID } from 'node:crypto';
import type { Logger } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import type { RedisConnections } from './redis-connections';

/** Items published within this window travel in one Redis message. */
const FLUSH_MS = 10;

interface Envelope<T> {
  origin: string;
  items: T[];
}

/**
 * A live feed for SSE streams: without REDIS_URL, in process; with REDIS_URL every process also
 * publishes its items on a Redis pub/sub channel (batched every few ms, one message per window)
 * and receives the other processes' items, so an API replica streams what a worker wrote.
 * Publishing never touches the database.
 */
export class LiveFeed<T> {
  private readonly origin = randomUUID();
  private readonly all = new Subject<T>();
  private outgoing: T[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly redis: RedisConnections, private readonly channel: string, private readonly logger: Logger) {}

  /** Listens to the other processes (call once, at module init). */
  async start(): Promise<void> {
    if (!this.redis.enabled) return;
    await this.redis.subscribe(this.channel, (raw) => {
      const envelope = JSON.parse(raw) as Envelope<T>;
      if (envelope.origin === this.origin) return;
      for (const item of envelope.items) this.all.next(item);
    }).catch((err: Error) => this.logger.warn(`the ${this.channel} stream shows only this process's events: ${err.message}`));
  }

  publish(item: T): void {
    this.all.next(item);
    if (!this.redis.enabled) return;
    this.outgoing.push(item);
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS).unref();
  }

  /** Whether anything would receive a publication (a local subscriber, or other processes through Redis). */
  get wanted(): boolean {
    return this.redis.enabled || this.all.observed;
  }

  /** Every process's items. */
  get items(): Observable<T> {
    return this.all.asObservable();
  }

  private flush(): void {
    this.timer = null;
    const items = this.outgoing;
    this.outgoing = [];
    if (items.length === 0) return;
    const envelope: Envelope<T> = { origin: this.origin, items };
    this.redis.publish(this.channel, JSON.stringify(envelope)).catch((err: Error) => this.logger.warn(`cannot publish ${items.length} ${this.channel} event(s): ${err.message}`));
  }
}
