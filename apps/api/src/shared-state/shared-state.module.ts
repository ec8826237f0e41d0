import { Global, Module } from '@nestjs/common';
import { RedisConnections } from './redis-connections';

/**
 * State that must be shared when the deployment has several processes (REDIS_URL set) and stays in
 * memory otherwise: the Redis connections every such feature uses (live feeds, the login limiter,
 * the sender's wake-ups and rate limits in outbox/outbox-state.providers.ts). Global only because
 * the messaging module that hosts the sender cannot import it yet (issue 9 moves the sender into
 * the pipeline lib, which will import it explicitly).
 */
@Global()
@Module({
  providers: [RedisConnections],
  exports: [RedisConnections],
})
export class SharedStateModule {}
