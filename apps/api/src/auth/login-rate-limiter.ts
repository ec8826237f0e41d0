import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { RedisConnections } from '../shared-state/redis-connections';

const WINDOW_MS = 60_000;

export type LoginAttempt =
  | { allowed: true; /** A right password: this attempt stops counting. */ succeeded(): Promise<void> }
  | { allowed: false; retryAfterSeconds: number };

/**
 * Sign-in attempts per (IP, e-mail) in a sliding minute. Each attempt is counted *before* its
 * password is checked, in one atomic step (a synchronous map update in one process; MULTI on a
 * sorted set in Redis with REDIS_URL, so every replica counts together): 30 parallel guesses cannot
 * all pass the check before the first failure is written. Failures keep counting; a success is
 * taken back out.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly attempts = new Map<string, Array<{ at: number; id: string }>>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly redis: RedisConnections) {}

  async attempt(ip: string, email: string, now = Date.now()): Promise<LoginAttempt> {
    const key = this.key(ip, email);
    const id = `${now}:${randomUUID()}`;
    const max = this.config.loginMaxAttemptsPerMinute;
    if (this.redis.enabled) return this.attemptInRedis(this.redis.key(`login:${key}`), id, now, max);
    const list = (this.attempts.get(key) ?? []).filter((a) => a.at > now - WINDOW_MS);
    if (list.length >= max) {
      this.attempts.set(key, list);
      return { allowed: false, retryAfterSeconds: wait(list[0]!.at, now) };
    }
    list.push({ at: now, id });
    this.attempts.set(key, list);
    if (this.attempts.size > 10_000) this.prune(now);
    return {
      allowed: true,
      succeeded: async () => {
        const current = this.attempts.get(key);
        if (current) this.attempts.set(key, current.filter((a) => a.id !== id));
      },
    };
  }

  private async attemptInRedis(redisKey: string, id: string, now: number, max: number): Promise<LoginAttempt> {
    const res = await this.redis.command.multi()
      .zremrangebyscore(redisKey, 0, now - WINDOW_MS)
      .zadd(redisKey, now, id)
      .zcard(redisKey)
      .zrange(redisKey, 0, 0, 'WITHSCORES')
      .pexpire(redisKey, WINDOW_MS)
      .exec();
    const count = Number(res?.[2]?.[1] ?? 0);
    if (count > max) {
      await this.redis.command.zrem(redisKey, id); // refused attempts do not extend the lock-out
      const first = res?.[3]?.[1] as string[] | undefined;
      return { allowed: false, retryAfterSeconds: wait(first && first.length === 2 ? Number(first[1]) : now, now) };
    }
    return { allowed: true, succeeded: async () => { await this.redis.command.zrem(redisKey, id); } };
  }

  private key(ip: string, email: string): string {
    return `${ip}|${email.trim().toLowerCase()}`;
  }

  private prune(now: number): void {
    for (const [key, list] of this.attempts) if (!list.some((a) => a.at > now - WINDOW_MS)) this.attempts.delete(key);
  }
}

function wait(oldest: number, now: number): number {
  return Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
}
