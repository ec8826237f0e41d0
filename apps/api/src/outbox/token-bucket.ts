/**
 * Per-channel send rate: `perSecond` tokens refill continuously up to `burst`. In memory, per
 * process: with N sender processes a channel's effective rate is up to N times the setting, so
 * scale-out deployments should divide it (documented in the channel API).
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
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }

  matches(perSecond: number, burst: number): boolean {
    return this.perSecond === perSecond && this.burst === burst;
  }
}
