import type { DynamicModule, Type } from '@nestjs/common';
import { AnalyticsModule } from './analytics/analytics.module';
import { ConsoleModule } from './console/console.module';
import { DataTablesModule } from './data-tables/data-tables.module';
import { FlowsModule } from './flows/flows.module';
import { workerFeatureModules } from './worker-feature-modules';

/**
 * Feature modules mounted by AppModule. Add yours here (runs, dispatch, lookups, secrets,
 * simulation, channels...): AppModule, the test harness and the route-inventory test pick it up.
 */
export const featureModules: Array<Type<unknown> | DynamicModule> = [FlowsModule, ...workerFeatureModules, ConsoleModule, AnalyticsModule, DataTablesModule];
