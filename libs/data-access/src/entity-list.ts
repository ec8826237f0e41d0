import { ApiKeyEntity } from './auth/api-key.entity';
import { SessionEntity } from './auth/session.entity';
import { UserEntity } from './auth/user.entity';
import { ChannelEntity } from './channels/channel.entity';
import { FlowKeywordEntity } from './flows/flow-keyword.entity';
import { FlowSaveEntity } from './flows/flow-save.entity';
import { FlowVersionEntity } from './flows/flow-version.entity';
import { FlowEntity } from './flows/flow.entity';
import { coreMigrations } from './migrations/index';
import { messagingEntities, messagingMigrations } from './messaging/index';
import { opsEntities, opsMigrations } from './ops/index';
import { pipelineEntities, pipelineMigrations } from './pipeline/index';
import { runEntities, runMigrations } from './runs/index';
import { consoleEntities, consoleMigrations } from './console/index';

/** A class TypeORM can load (entity or migration). */
export type LoadableClass = new (...args: never[]) => unknown;

/** Entities of the server core; other areas add theirs to `allEntities` below. */
export const coreEntities = [UserEntity, SessionEntity, ApiKeyEntity, ChannelEntity, FlowEntity, FlowVersionEntity, FlowKeywordEntity, FlowSaveEntity];

/** What the DataSource loads. Append an area's entities/migrations here (runs/ does). */
export const allEntities: LoadableClass[] = [...coreEntities, ...runEntities, ...messagingEntities, ...pipelineEntities, ...consoleEntities, ...opsEntities];
export const allMigrations: LoadableClass[] = [...coreMigrations, ...runMigrations, ...messagingMigrations, ...pipelineMigrations, ...consoleMigrations, ...opsMigrations];
