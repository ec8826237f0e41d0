/** The RateLimiter (token-bucket.ts) the sender takes channel tokens from: in memory, or in Redis when REDIS_URL is set. */
export const RATE_LIMITER = Symbol('RATE_LIMITER');
