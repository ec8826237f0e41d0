import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMsColumn } from '../common/columns';

/**
 * What an operator did to a run (cancel, retry a lookup, start again), with who did it and when:
 * the audit trail the run page shows. Written by the ops console only, never by the message path.
 */
@Entity('run_actions')
@Index('IDX_run_actions_run', ['runId', 'at'])
export class RunActionEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ name: 'run_id', type: 'varchar', length: 40 })
  runId!: string;

  /** cancel | retry | restart */
  @Column({ type: 'varchar', length: 16 })
  action!: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 40, nullable: true })
  actorId!: string | null;

  /** The operator's name or e-mail at the time (an API key's name for machines). */
  @Column({ name: 'actor_name', type: 'varchar', length: 200 })
  actorName!: string;

  @Column({ name: 'at', ...epochMsColumn })
  at!: number;

  /** What the action touched and produced: node retried, new run id, outcome. */
  @Column({ type: 'simple-json' })
  detail!: Record<string, unknown>;
}
