import { DataTableEntity } from './data-table.entity';
import { RunNodeDayEntity } from './node-day.entity';
import { ConsoleSchema1764400000000 } from './migrations/1764400000000-console-schema.migration';
import { AnalyticsIndexes1765000000000 } from './migrations/1765000000000-analytics-indexes.migration';
import { RunNodeDays1765200000000 } from './migrations/1765200000000-run-node-days.migration';
import { RunFlowHours1765300000000 } from './migrations/1765300000000-run-flow-hours.migration';
import { RunFlowHourEntity } from './flow-hour.entity';

export * from './keyset';
export * from './message.repository';
export * from './contact.repository';
export * from './data-table.repository';
export * from './analytics.repository';
export * from './node-day-rollup';
export { DAY_MS } from './node-day.entity';
export { HOUR_MS, RUN_HOUR_SQL, flowHourRollupSelect, flowHourIncrements } from './flow-hour.entity';
export { DataTableEntity, RunNodeDayEntity, ConsoleSchema1764400000000, AnalyticsIndexes1765000000000, RunNodeDays1765200000000, RunFlowHourEntity, RunFlowHours1765300000000 };

/** Entities and migrations of the ops console (after runs/ and messaging/, whose tables it indexes). */
export const consoleEntities = [DataTableEntity, RunNodeDayEntity, RunFlowHourEntity];
export const consoleMigrations = [ConsoleSchema1764400000000, AnalyticsIndexes1765000000000, RunNodeDays1765200000000, RunFlowHours1765300000000];
