import type { Provider } from '@nestjs/common';
import { RedisConnections } from '../shared-state/redis-connections';
import { OutboxWake } from './outbox-wake';
import { RATE_LIMITER } from './rate-limiter.tokens';
import { RedisRateLimiter } from './redis-token-bucket';
import { InMemoryRateLimiter, type RateLimiter } from './token-bucket';

/**
 * The sender's state that is shared across processes when REDIS_URL is set (wake-ups, channel rate
 * limits) and stays in memory otherwise. Provided by the module that hosts the sender; the Redis
 * connections come from the shared-state module.
 */
export const outboxStateProviders: Provider[] = [
  OutboxWake,
  {
    provide: RATE_LIMITER,
    inject: [RedisConnections],
    useFactory: (redis: RedisConnections): RateLimiter =>
      redis.enabled ? new RedisRateLimiter(() => redis.command, (channelId) => redis.key(`rate:${channelId}`)) : new InMemoryRateLimiter(),
  },
];
