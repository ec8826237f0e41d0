import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { msColumn } from './columns';

/** One engine event of a run, stored as the ops run log. */
@Entity('run_steps')
@Index('IDX_run_steps_node_run', ['nodeId', 'runId'])
export class RunStepEntity {
  @PrimaryColumn({ name: 'run_id', type: 'varchar', length: 40 })
  runId!: string;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 32 })
  type!: string;

  @Column({ name: 'node_id', type: 'varchar', length: 64, nullable: true })
  nodeId!: string | null;

  @Column({ name: 'node_type', type: 'varchar', length: 32, nullable: true })
  nodeType!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  handle!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text', nullable: true })
  input!: string | null;

  @Column({ type: 'text', nullable: true })
  output!: string | null;

  @Column({ name: 'duration_ms', type: 'integer', nullable: true })
  durationMs!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ ...msColumn })
  at!: number;

  /** The rest of the event (messages sent, variables changed, lookup status...). */
  @Column({ type: 'simple-json' })
  data!: Record<string, unknown>;
}
