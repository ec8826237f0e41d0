/**
 * Per-channel send rate: `perSecond` tokens refill continuously up to `burst`. This one lives in
 * memory, per process; when REDIS_URL is set the sender uses the same bucket kept in Redis
 * (redis-token-bucket.ts), so N sender processes share one channel rate.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(private readonly perSecond: number, private readonly burst: number, now = Date.now()) {
    this.tokens = burst;
    this.last = now;
  }

  /** Takes a token and returns 0, or returns how many ms until one is available (nothing taken). */
  take(now = Date.now()): number {
    const { granted, waitMs } = this.takeUpTo(1, now);
    return granted === 1 ? 0 : waitMs;
  }

  /** Takes as many of `n` tokens as there are; `waitMs` is the time until the next one when some were refused. */
  takeUpTo(n: number, now = Date.now()): RateGrant {
    this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.last) / 1000) * this.perSecond);
    this.last = now;
    const granted = Math.max(0, Math.min(n, Math.floor(this.tokens)));
    this.tokens -= granted;
    return { granted, waitMs: granted < n ? Math.ceil(((1 - this.tokens) / this.perSecond) * 1000) : 0 };
  }

  matches(perSecond: number, burst: number): boolean {
    return this.perSecond === perSecond && this.burst === burst;
  }
}

export interface RateGrant {
  /** How many of the requested sends may go now (the first ones, in order). */
  granted: number;
  /** When some were refused: ms until the next token. */
  waitMs: number;
}

/** Where the sender takes a channel's tokens: in memory, or shared through Redis when scaled. */
export interface RateLimiter {
  take(channelId: string, perSecond: number, burst: number, n: number): Promise<RateGrant>;
  close?(): Promise<void>;
}

export class InMemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  take(channelId: string, perSecond: number, burst: number, n: number, now = Date.now()): Promise<RateGrant> {
    let bucket = this.buckets.get(channelId);
    if (!bucket || !bucket.matches(perSecond, burst)) {
      bucket = new TokenBucket(perSecond, burst, now);
      this.buckets.set(channelId, bucket);
    }
    return Promise.resolve(bucket.takeUpTo(n, now));
  }
}
