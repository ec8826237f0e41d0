import { Global, Module } from '@nestjs/common';
import { OutboxWake } from '../outbox/outbox-wake';
import { RATE_LIMITER } from '../outbox/rate-limiter.tokens';
import { RedisRateLimiter } from '../outbox/redis-token-bucket';
import { InMemoryRateLimiter, type RateLimiter } from '../outbox/token-bucket';
import { RedisConnections } from './redis-connections';

/**
 * State that must be shared when the deployment has several processes (REDIS_URL set) and stays in
 * memory otherwise: Redis connections, channel rate limits, outbox wake-ups. Global only because
 * the messaging module that hosts the sender cannot import it yet (issue 9 moves the sender into
 * the pipeline lib, which will import it explicitly).
 */
@Global()
@Module({
  providers: [
    RedisConnections,
    OutboxWake,
    {
      provide: RATE_LIMITER,
      inject: [RedisConnections],
      useFactory: (redis: RedisConnections): RateLimiter =>
        redis.enabled ? new RedisRateLimiter(() => redis.command, (channelId) => redis.key(`rate:${channelId}`)) : new InMemoryRateLimiter(),
    },
  ],
  exports: [RedisConnections, OutboxWake, RATE_LIMITER],
})
export class SharedStateModule {}
