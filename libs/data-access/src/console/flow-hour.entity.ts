import { Column, Entity, PrimaryColumn } from 'typeorm';

export const HOUR_MS = 3_600_000;

/**
 * Runs started per flow and per UTC hour (epoch hour: floor(started_at / 3 600 000)), incremented in
 * the turn batch's transaction that inserts the runs. The flow list's "runs in 24 h" adds the whole
 * hours from here and counts only the part hour at the window's start in `runs`, instead of reading
 * an index entry per run of the day for every flow on every list request.
 */
@Entity('run_flow_hours')
export class RunFlowHourEntity {
  @PrimaryColumn({ name: 'flow_id', type: 'varchar', length: 40 })
  flowId!: string;

  @PrimaryColumn({ type: 'integer' })
  hour!: number;

  @Column({ type: 'integer' })
  count!: number;
}

/** The hour a run started, as run_flow_hours keys it, in SQL that means the same on SQLite and PostgreSQL. */
export const RUN_HOUR_SQL = 'CAST(r.started_at / 3600000 AS INTEGER)';

/** Rebuilds run_flow_hours rows from `runs r` (the migration's backfill, the bench seeders): flow_id, hour, count. */
export function flowHourRollupSelect(table: (name: string) => string = (name) => name): string {
  return `SELECT r.flow_id AS flow_id, ${RUN_HOUR_SQL} AS hour, COUNT(*) AS count FROM ${table('runs')} r GROUP BY 1, 2`;
}

/** The increments of run_flow_hours for the runs a batch inserts. */
export function flowHourIncrements(runs: ReadonlyArray<{ flowId: string; startedAt: number }>): RunFlowHourEntity[] {
  const out = new Map<string, RunFlowHourEntity>();
  for (const r of runs) {
    const hour = Math.floor(r.startedAt / HOUR_MS);
    const key = `${r.flowId}\u0000${hour}`;
    const cur = out.get(key);
    if (cur) cur.count++;
    else out.set(key, { flowId: r.flowId, hour, count: 1 });
  }
  return [...out.values()];
}
