import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TurnPool } from '@moflow/engine-pool';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';

/**
 * The worker-thread pool engine turns run in, with its watchdog (ENGINE_* settings): live turns of
 * the pipeline, simulations and flow tests (see libs/engine-pool).
 */
@Module({
  providers: [
    {
      provide: TurnPool,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new TurnPool({
          workers: config.engine.workers, busyBudgetMs: config.engine.turnBudgetMs, maxHeapMb: config.engine.workerHeapMb, workerNice: config.engine.workerNice,
        }),
    },
  ],
  exports: [TurnPool],
})
export class EnginePoolModule implements OnApplicationShutdown {
  constructor(@Inject(TurnPool) private readonly pool: TurnPool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close();
  }
}
