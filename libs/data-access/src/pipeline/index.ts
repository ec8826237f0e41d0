import { AppStateEntity } from './app-state.entity';
import { AppState1764300000002 } from './pipeline-schema.migration';

export * from './app-state.entity';
export * from './run-seq';
export { AppState1764300000002 };

export const pipelineEntities = [AppStateEntity];
/** After the run and messaging schemas. */
export const pipelineMigrations = [AppState1764300000002];
