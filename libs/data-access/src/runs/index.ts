import { ContactEntity } from './contact.entity';
import { DataRowEntity } from './data-row.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { LookupAllowEntryEntity } from './lookup-allow-entry.entity';
import { MessageEntity } from './message.entity';
import { RunsSchema1764140000000 } from './migrations/1764140000000-runs-schema.migration';
import { RunsFlowStatusIndex1764140000001 } from './migrations/1764140000001-runs-flow-status-index.migration';
import { RunsNextSeq1764300000000 } from './migrations/1764300000000-runs-next-seq.migration';
import { SecretHosts1765140000000 } from './migrations/1765140000000-secret-hosts.migration';
import { RunNodeStatEntity } from './node-stat.entity';
import { RunStepEntity } from './run-step.entity';
import { RunEntity } from './run.entity';
import { SecretEntity } from './secret.entity';
import { TicketEntity } from './ticket.entity';
import { WaitingSessionEntity } from './waiting-session.entity';

export * from './columns';
export { ContactEntity, DataRowEntity, IdempotencyKeyEntity, LookupAllowEntryEntity, MessageEntity, RunNodeStatEntity, RunStepEntity,
  RunEntity, SecretEntity, TicketEntity, WaitingSessionEntity, RunsSchema1764140000000, RunsFlowStatusIndex1764140000001, RunsNextSeq1764300000000, SecretHosts1765140000000 };

/** Entities of the run machinery, for the DataSource's `entities`. */
export const runEntities = [ContactEntity, RunEntity, RunStepEntity, MessageEntity, IdempotencyKeyEntity, SecretEntity,
  LookupAllowEntryEntity, TicketEntity, DataRowEntity, WaitingSessionEntity, RunNodeStatEntity];

/** Migrations of the run machinery, for the DataSource's `migrations` (after the core schema). */
export const runMigrations = [RunsSchema1764140000000, RunsFlowStatusIndex1764140000001, RunsNextSeq1764300000000, SecretHosts1765140000000];
