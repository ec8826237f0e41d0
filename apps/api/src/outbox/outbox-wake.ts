import { Injectable, Logger } from '@nestjs/common';
import { RedisConnections } from '../shared-state/redis-connections';

const CHANNEL = 'outbox:wake';
/** Wake-ups published within this window are sent as one. */
const COALESCE_MS = 5;

/**
 * "An MT was queued": in one process a direct call; when REDIS_URL is set, also a Redis message
 * every sender process hears, so an API replica without a sender (MOFLOW_PIPELINE=off) gets its
 * compliance answers and ops replies out through a worker without waiting for a poll.
 */
@Injectable()
export class OutboxWake {
  private readonly logger = new Logger('OutboxWake');
  private readonly listeners: (() => void)[] = [];
  private pending: NodeJS.Timeout | null = null;

  constructor(private readonly redis: RedisConnections) {}

  listen(listener: () => void): void {
    this.listeners.push(listener);
    if (this.listeners.length === 1 && this.redis.enabled) {
      this.redis.subscribe(CHANNEL, () => this.notify()).catch((err: Error) => this.logger.warn(`cannot subscribe to outbox wake-ups: ${err.message}`));
    }
  }

  /** Wakes the senders of every process (this one through Redis too, when enabled). */
  publish(): void {
    if (!this.redis.enabled) {
      this.notify();
      return;
    }
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      this.redis.publish(CHANNEL, '1').catch((err: Error) => this.logger.warn(`cannot publish an outbox wake-up: ${err.message}`));
    }, COALESCE_MS);
    this.pending.unref();
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}
