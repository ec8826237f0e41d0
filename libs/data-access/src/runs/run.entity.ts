import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { msColumn } from './columns';

/**
 * One execution of one published flow version. Indexes serve the run-log queries (newest first,
 * keyset on (started_at, id)); see docs in runs-query.repository.ts for which filter uses which.
 */
@Entity('runs')
@Index('IDX_runs_started', ['startedAt', 'id'])
@Index('IDX_runs_flow_started', ['flowId', 'startedAt', 'id'])
@Index('IDX_runs_flow_status_started', ['flowId', 'status', 'startedAt', 'id'])
@Index('IDX_runs_status_started', ['status', 'startedAt', 'id'])
@Index('IDX_runs_contact_started', ['contactId', 'startedAt', 'id'])
@Index('IDX_runs_channel_started', ['channelId', 'startedAt', 'id'])
@Index('IDX_runs_error_started', ['startedAt', 'id'], { where: 'error IS NOT NULL' })
export class RunEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ name: 'flow_id', type: 'varchar', length: 40 })
  flowId!: string;

  /** Denormalised at start so the run list needs no join; a later rename does not rewrite history. */
  @Column({ name: 'flow_name', type: 'varchar', length: 200 })
  flowName!: string;

  @Column({ name: 'flow_version', type: 'integer' })
  flowVersion!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ name: 'contact_id', type: 'varchar', length: 40 })
  contactId!: string;

  @Column({ name: 'contact_phone', type: 'varchar', length: 32 })
  contactPhone!: string;

  @Column({ name: 'channel_id', type: 'varchar', length: 40, nullable: true })
  channelId!: string | null;

  @Column({ type: 'simple-json' })
  trigger!: Record<string, unknown>;

  /** The engine's serialisable RunState (vars, waiting node...), rewritten after every burst. */
  @Column({ type: 'simple-json' })
  state!: Record<string, unknown>;

  @Column({ name: 'current_node_id', type: 'varchar', length: 64, nullable: true })
  currentNodeId!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'wait_deadline', ...msColumn, nullable: true })
  waitDeadline!: number | null;

  /** The next run-log sequence number (reserved in batches: data-access reserveRunSeqs). */
  @Column({ name: 'next_seq', type: 'integer', default: 0 })
  nextSeq!: number;

  @Column({ name: 'started_at', ...msColumn })
  startedAt!: number;

  @Column({ name: 'updated_at', ...msColumn })
  updatedAt!: number;

  @Column({ name: 'ended_at', ...msColumn, nullable: true })
  endedAt!: number | null;
}
