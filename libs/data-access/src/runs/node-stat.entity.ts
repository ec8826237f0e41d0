import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Per-node visit and exit counters per flow, incremented in each burst's transaction so the
 * canvas statistics never scan the 10 M-row step table. handle '' counts visits.
 */
@Entity('run_node_stats')
export class RunNodeStatEntity {
  @PrimaryColumn({ name: 'flow_id', type: 'varchar', length: 40 })
  flowId!: string;

  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 64 })
  nodeId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  handle!: string;

  @Column({ type: 'integer' })
  count!: number;
}
