import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import IORedis, { type Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';

/**
 * The process's Redis connections for state shared between processes when REDIS_URL is set (rate
 * limits, wake-ups, the SSE run stream, the login limiter): one for commands, one for
 * subscriptions, opened on first use. Keys and channels start with `prefix`, derived from the
 * database like the dispatch queue's, so two deployments (or two test apps) sharing a Redis never
 * see each other's state.
 */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly prefix: string;
  private client: Redis | null = null;
  private sub: Redis | null = null;
  private readonly handlers = new Map<string, ((message: string) => void)[]>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const db = config.database.type === 'sqlite' ? config.database.path : `${config.database.url}#${config.database.schema ?? ''}`;
    this.prefix = `moflow-${createHash('sha256').update(db).digest('hex').slice(0, 12)}`;
  }

  get enabled(): boolean {
    return this.config.redisUrl !== undefined;
  }

  /** The command connection; only when enabled. */
  get command(): Redis {
    if (!this.config.redisUrl) throw new Error('REDIS_URL is not set');
    this.client ??= this.connect(this.config.redisUrl);
    return this.client;
  }

  key(name: string): string {
    return `${this.prefix}:${name}`;
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.command.publish(this.key(channel), message);
  }

  /** Calls `handler` with every message published on `channel` (by any process, this one included). */
  async subscribe(channel: string, handler: (message: string) => void): Promise<void> {
    if (!this.config.redisUrl) throw new Error('REDIS_URL is not set');
    if (!this.sub) {
      this.sub = this.connect(this.config.redisUrl);
      this.sub.on('message', (ch: string, message: string) => {
        for (const h of this.handlers.get(ch) ?? []) h(message);
      });
    }
    const full = this.key(channel);
    const list = this.handlers.get(full);
    if (list) list.push(handler);
    else {
      this.handlers.set(full, [handler]);
      await this.sub.subscribe(full);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.client, this.sub].map((c) => c?.quit().catch(() => c.disconnect())));
    this.client = this.sub = null;
  }

  private connect(url: string): Redis {
    const c = new IORedis(url, { maxRetriesPerRequest: 3, enableOfflineQueue: true });
    c.on('error', (err: Error) => this.logger.warn(`redis: ${err.message}`));
    return c;
  }
}
