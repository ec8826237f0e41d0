import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Per-node visit and exit counters per flow and per UTC day **the run started** (epoch day:
 * floor(started_at / 86 400 000)), incremented in each turn batch's transaction like
 * run_node_stats. Flow analytics add whole days from here and read the run log only for the
 * partial days at the edges of a range, so counts over all runs never scan the step table.
 * handle '' counts visits; 'error' a step that failed.
 */
@Entity('run_node_days')
export class RunNodeDayEntity {
  @PrimaryColumn({ name: 'flow_id', type: 'varchar', length: 40 })
  flowId!: string;

  @PrimaryColumn({ type: 'integer' })
  day!: number;

  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 64 })
  nodeId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  handle!: string;

  @Column({ type: 'integer' })
  count!: number;
}

export const DAY_MS = 86_400_000;
