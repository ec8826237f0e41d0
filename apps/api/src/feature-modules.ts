import type { DynamicModule, Type } from '@nestjs/common';
import { AnalyticsModule } from './analytics/analytics.module';
import { ConsoleModule } from './console/console.module';
import { DataTablesModule } from './data-tables/data-tables.module';
import { EventsModule } from './events/events.module';
import { MessagingModule } from './conversations/messaging.module';
import { FlowsModule } from './flows/flows.module';
import { RunsModule } from './runs/runs.module';

/**
 * Feature modules mounted by AppModule. Add yours here (runs, dispatch, lookups, secrets,
 * simulation, channels...): AppModule, the test harness and the route-inventory test pick it up.
 */
export const featureModules: Array<Type<unknown> | DynamicModule> = [FlowsModule, RunsModule, MessagingModule, ConsoleModule, AnalyticsModule, DataTablesModule, EventsModule];
