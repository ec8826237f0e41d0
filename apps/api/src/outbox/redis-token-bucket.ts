import type { Redis } from 'ioredis';
import type { RateGrant, RateLimiter } from './token-bucket';

/**
 * The token bucket of token-bucket.ts kept in Redis, so every sender process of a deployment
 * shares a channel's rate. One Lua script refills and takes atomically, on Redis's clock (the
 * processes' clocks may differ). A change of rate or burst starts a full bucket, as in memory.
 */
const TAKE = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'rate', 'burst')
local tokens = tonumber(b[1])
local ts = tonumber(b[2])
if tokens == nil or ts == nil or tonumber(b[3]) ~= rate or tonumber(b[4]) ~= burst then
  tokens = burst
  ts = now
end
tokens = math.min(burst, tokens + math.max(0, now - ts) / 1000 * rate)
local granted = math.max(0, math.min(n, math.floor(tokens)))
tokens = tokens - granted
local wait = 0
if granted < n then wait = math.ceil((1 - tokens) / rate * 1000) end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'ts', now, 'rate', ARGV[1], 'burst', ARGV[2])
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 60000)
return { granted, wait }
`;

type WithTake = Redis & { outboxTake(key: string, rate: number, burst: number, n: number): Promise<[number, number]> };

export class RedisRateLimiter implements RateLimiter {
  constructor(private readonly redis: () => Redis, private readonly keyOf: (channelId: string) => string) {}

  async take(channelId: string, perSecond: number, burst: number, n: number): Promise<RateGrant> {
    const redis = this.redis() as WithTake;
    if (typeof redis.outboxTake !== 'function') redis.defineCommand('outboxTake', { numberOfKeys: 1, lua: TAKE });
    const [granted, waitMs] = await redis.outboxTake(this.keyOf(channelId), perSecond, burst, n);
    return { granted: Number(granted), waitMs: Number(waitMs) };
  }
}
