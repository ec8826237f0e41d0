import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';

const WINDOW_MS = 60_000;

/**
 * Failed logins per (IP, e-mail) in a sliding minute. In memory: one API process in the embedded
 * set-up; with several replicas each counts on its own (a Redis counter is the follow-up).
 */
@Injectable()
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Seconds to wait before the next attempt, or 0 when allowed. */
  retryAfterSeconds(ip: string, email: string, now = Date.now()): number {
    const recent = this.recent(ip, email, now);
    if (recent.length < this.config.loginMaxAttemptsPerMinute) return 0;
    const oldest = recent[0] ?? now;
    return Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
  }

  recordFailure(ip: string, email: string, now = Date.now()): void {
    const key = this.key(ip, email);
    this.failures.set(key, [...this.recent(ip, email, now), now]);
    if (this.failures.size > 10_000) this.prune(now);
  }

  private recent(ip: string, email: string, now: number): number[] {
    return (this.failures.get(this.key(ip, email)) ?? []).filter((t) => t > now - WINDOW_MS);
  }

  private key(ip: string, email: string): string {
    return `${ip}|${email.trim().toLowerCase()}`;
  }

  private prune(now: number): void {
    for (const [key, times] of this.failures) if (!times.some((t) => t > now - WINDOW_MS)) this.failures.delete(key);
  }
}
