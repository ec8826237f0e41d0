import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { RedisConnections } from '../shared-state/redis-connections';

const WINDOW_MS = 60_000;

/**
 * Failed logins per (IP, e-mail) in a sliding minute. In memory for one process; with REDIS_URL a
 * sorted set per (IP, e-mail) in Redis, so every API replica counts the same failures.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly redis: RedisConnections) {}

  /** Seconds to wait before the next attempt, or 0 when allowed. */
  async retryAfterSeconds(ip: string, email: string, now = Date.now()): Promise<number> {
    const recent = this.redis.enabled ? await this.recentInRedis(ip, email, now) : this.recent(ip, email, now);
    if (recent.count < this.config.loginMaxAttemptsPerMinute) return 0;
    const oldest = recent.oldest ?? now;
    return Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
  }

  async recordFailure(ip: string, email: string, now = Date.now()): Promise<void> {
    const key = this.key(ip, email);
    if (this.redis.enabled) {
      const redisKey = this.redis.key(`login:${key}`);
      await this.redis.command.multi()
        .zadd(redisKey, now, `${now}:${Math.random().toString(36).slice(2)}`)
        .zremrangebyscore(redisKey, 0, now - WINDOW_MS)
        .pexpire(redisKey, WINDOW_MS)
        .exec();
      return;
    }
    this.failures.set(key, [...this.times(key, now), now]);
    if (this.failures.size > 10_000) this.prune(now);
  }

  private recent(ip: string, email: string, now: number): { count: number; oldest: number | undefined } {
    const times = this.times(this.key(ip, email), now);
    return { count: times.length, oldest: times[0] };
  }

  private async recentInRedis(ip: string, email: string, now: number): Promise<{ count: number; oldest: number | undefined }> {
    const redisKey = this.redis.key(`login:${this.key(ip, email)}`);
    const res = await this.redis.command.multi()
      .zremrangebyscore(redisKey, 0, now - WINDOW_MS)
      .zcard(redisKey)
      .zrange(redisKey, 0, 0, 'WITHSCORES')
      .exec();
    const count = Number(res?.[1]?.[1] ?? 0);
    const first = res?.[2]?.[1] as string[] | undefined;
    return { count, oldest: first && first.length === 2 ? Number(first[1]) : undefined };
  }

  private times(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
  }

  private key(ip: string, email: string): string {
    return `${ip}|${email.trim().toLowerCase()}`;
  }

  private prune(now: number): void {
    for (const [key, times] of this.failures) if (!times.some((t) => t > now - WINDOW_MS)) this.failures.delete(key);
  }
}
