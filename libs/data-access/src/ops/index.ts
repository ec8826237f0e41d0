import { RunActions1764960000000 } from './migrations/1764960000000-run-actions.migration';
import { RunActionEntity } from './run-action.entity';

export { RunActionEntity, RunActions1764960000000 };

/** Entities and migrations of the ops console (operator actions on runs). */
export const opsEntities = [RunActionEntity];
export const opsMigrations = [RunActions1764960000000];
