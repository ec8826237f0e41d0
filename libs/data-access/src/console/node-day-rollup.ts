/** The day a run started, as run_node_days keys it (UTC epoch day), in SQL that means the same on SQLite and PostgreSQL. */
export const RUN_DAY_SQL = 'CAST(r.started_at / 86400000 AS INTEGER)';

/**
 * What counts as a visit or an exit in the run log, as SQL over `run_steps s`: a visit is a
 * step_entered (handle ''), an exit a step_left with the output taken, or 'error' when the step
 * failed; a wait's suspension (step_left without handle or error) is not an exit.
 */
export const STEP_HANDLE_SQL = `CASE WHEN s.type = 'step_entered' THEN '' WHEN s.handle IS NOT NULL THEN s.handle ELSE 'error' END`;
export const COUNTED_STEP_SQL = `s.node_id IS NOT NULL AND (s.type = 'step_entered' OR (s.type = 'step_left' AND (s.handle IS NOT NULL OR s.error IS NOT NULL)))`;

/**
 * Rebuilds run_node_days rows from the run log (the migration's backfill, the bench seeder):
 * flow_id, day, node_id, handle, count. `table` qualifies a table name (a PostgreSQL schema).
 */
export function nodeDayRollupSelect(table: (name: string) => string = (name) => name): string {
  return `SELECT r.flow_id, ${RUN_DAY_SQL}, s.node_id, ${STEP_HANDLE_SQL}, COUNT(*)
  FROM ${table('runs')} r JOIN ${table('run_steps')} s ON s.run_id = r.id WHERE ${COUNTED_STEP_SQL} GROUP BY 1, 2, 3, 4`;
}
