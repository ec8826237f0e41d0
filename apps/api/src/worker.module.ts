import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import type { AppConfig } from './config/app-config';
import { CoreModule } from './config/core.module';
import { DatabaseModule } from './database/database.module';
import { workerFeatureModules } from './worker-feature-modules';
import { MetricsModule } from './metrics/metrics.module';
import { SharedStateModule } from './shared-state/shared-state.module';

/**
 * What an `apps/worker` process mounts: the feature modules that hold background work (the turn
 * pipeline with its wait timeouts, the outbox sender, delivery-report sweeps, SMPP binds — the sender
 * sends through them and their ESME stores MOs —, event and helpdesk deliveries, retention and
 * idempotency-key purges) and what their providers inject (auth, for the credential checks of their
 * controllers' streams). Left out: the modules that only serve HTTP (flow editing, console,
 * analytics, data tables, health, seed, the editor's static files) and the HTTP guard, filter and
 * pipe. test/pipeline/worker-module.spec.ts checks that every lifecycle hook the API runs is here.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config), DatabaseModule, MetricsModule, SharedStateModule, AuthModule, ...workerFeatureModules],
    };
  }
}
