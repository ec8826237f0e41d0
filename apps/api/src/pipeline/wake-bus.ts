import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import IORedis, { type Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';

/** The sender has its own wake-ups (outbox/); this bus wakes the turn pipeline. */
export type WakeTopic = 'inbox';

/**
 * Wake-ups of the turn pipeline: the inbox writer (here or on an API replica) wakes it. In-process always; over Redis pub/sub as well when REDIS_URL
 * is set, so an API replica's webhook wakes a worker at once. Only a hint: the state lives in the
 * database and every consumer also polls, so a lost wake-up costs latency, never a message.
 */
@Injectable()
export class WakeBus implements OnModuleDestroy {
  private readonly logger = new Logger('WakeBus');
  private readonly local = new EventEmitter();
  private readonly pub: Redis | null = null;
  private sub: Redis | null = null;
  private readonly channel: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.local.setMaxListeners(50);
    const db = config.database.type === 'sqlite' ? config.database.path : `${config.database.url}#${config.database.schema ?? ''}`;
    this.channel = `moflow-wake-${createHash('sha256').update(db).digest('hex').slice(0, 12)}`;
    if (config.redisUrl) {
      this.pub = new IORedis(config.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: false });
      this.pub.on('error', (err) => this.logger.warn(`redis (wake publish): ${err.message}`));
    }
  }

  notify(topic: WakeTopic): void {
    this.local.emit(topic);
    // A wake-up is a hint: a Redis outage delays the other processes to their next poll.
    this.pub?.publish(this.channel, topic).catch(() => undefined);
  }

  on(topic: WakeTopic, listener: () => void): void {
    this.local.on(topic, listener);
    if (this.config.redisUrl && !this.sub) {
      const sub = new IORedis(this.config.redisUrl, { maxRetriesPerRequest: null });
      sub.on('error', (err) => this.logger.warn(`redis (wake subscribe): ${err.message}`));
      sub.on('message', (_channel: string, message: string) => this.local.emit(message as WakeTopic));
      void sub.subscribe(this.channel).catch(() => undefined);
      this.sub = sub;
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.local.removeAllListeners();
    await Promise.all([this.pub?.quit().catch(() => undefined), this.sub?.quit().catch(() => undefined)]);
  }
}
