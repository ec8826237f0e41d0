import { flowHourRollupSelect, nodeDayRollupSelect } from '@moflow/data-access';
import type { DataSource } from 'typeorm';

/**
 * Bulk-seeds the run log inside the database itself (recursive CTE on SQLite, generate_series on
 * PostgreSQL): no row crosses the driver, so 10 M steps take minutes, not hours. Distribution:
 * 20 flows × 3 versions, 100 k contacts, 5 channels, statuses 70% completed / 15% waiting / 10%
 * failed / 3% expired / 2% cancelled, start times spread over 90 days in an order unrelated to ids,
 * 10 steps per run over 12 nodes, a rare node on 1 run in 1000, 4 distinct error texts.
 */
export interface SeedShape { runs: number; stepsPerRun: number }

// Ids shaped as UUIDs, as the API's routes require (GET /runs/:id, /flows/:id/versions/:v…).
const RUN_ID_PREFIX = '00000000-0000-4000-8000-';
const FLOW_ID_PREFIX = '00000000-0000-4000-a000-';
/** The id of seeded run number `i` (1 … runs). */
export const seededRunId = (i: number): string => `${RUN_ID_PREFIX}${String(i).padStart(12, '0')}`;
/** The id of seeded flow `f` (0 … 19); run i belongs to flow i % 20. */
export const seededFlowId = (f: number): string => `${FLOW_ID_PREFIX}${String(f).padStart(12, '0')}`;

const BASE = Date.UTC(2026, 0, 1);
const SPREAD_MS = 90 * 24 * 3600 * 1000;

export async function seedRuns(ds: DataSource, shape: SeedShape): Promise<void> {
  const sqlite = ds.options.type === 'better-sqlite3';
  const n = shape.runs;
  const step = Math.max(1, Math.floor(SPREAD_MS / n));
  const fmt = sqlite
    ? { id: (p: string, w: number, e: string) => `printf('${p}%0${w}d', ${e})`, text: (e: string) => `CAST(${e} AS TEXT)` }
    : { id: (p: string, w: number, e: string) => `'${p}' || lpad((${e})::text, ${w}, '0')`, text: (e: string) => `(${e})::text` };
  const status = `CASE WHEN i % 100 < 70 THEN 'completed' WHEN i % 100 < 85 THEN 'waiting' WHEN i % 100 < 95 THEN 'failed' WHEN i % 100 < 98 THEN 'expired' ELSE 'cancelled' END`;
  const error = `CASE WHEN i % 100 >= 85 AND i % 100 < 95 THEN 'node "n' || ${fmt.text('i % 12')} || '" (lookup): HTTP ' || ${fmt.text('500 + i % 4')} || ' from crm.example.com' END`;
  const started = `${BASE} + ((i * 7919) % ${n}) * ${step}`;
  const runCols = `id, flow_id, flow_name, flow_version, status, contact_id, contact_phone, channel_id, trigger, state, current_node_id, error, wait_deadline, started_at, updated_at, ended_at`;
  const runSelect = `SELECT ${fmt.id(RUN_ID_PREFIX, 12, 'i')}, ${fmt.id(FLOW_ID_PREFIX, 12, 'i % 20')}, 'Flow ' || ${fmt.text('i % 20')}, 1 + i % 3, ${status},
    ${fmt.id('c', 7, '(i * 7) % 100000')}, ${fmt.id('+1415', 7, '(i * 7) % 100000')}, ${fmt.id('ch-', 1, 'i % 5')},
    '{"kind":"keyword","keyword":"JOIN"}', '{"vars":{}}', 'n' || ${fmt.text('i % 12')}, ${error}, NULL, ${started}, ${started} + 5000, ${started} + 9000`;
  const node = `CASE WHEN k = 5 AND i % 1000 = 0 THEN 'rare' ELSE 'n' || ${fmt.text('(i + k * 5) % 12')} END`;
  const stepSelect = `SELECT ${fmt.id(RUN_ID_PREFIX, 12, 'i')}, k, CASE WHEN k % 2 = 0 THEN 'step_entered' ELSE 'step_left' END, ${node}, 'reply',
    CASE WHEN k % 2 = 1 THEN 'next' END, CASE WHEN k % 2 = 1 THEN 'matched keyword JOIN' END, NULL, NULL, k, NULL, ${started} + k * 10, '{}'`;
  const stepCols = `run_id, seq, type, node_id, node_type, handle, reason, input, output, duration_ms, error, at, data`;

  // Secondary indexes are dropped during the load and rebuilt after: far faster than maintaining them row by row.
  const indexes = await secondaryIndexes(ds, sqlite);
  for (const idx of indexes) await ds.query(`DROP INDEX ${sqlite ? '' : 'IF EXISTS '}"${idx.name}"`);
  const chunk = 100_000;
  for (let from = 1; from <= n; from += chunk) {
    const to = Math.min(n, from + chunk - 1);
    if (sqlite) {
      await ds.query(`WITH RECURSIVE g(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM g WHERE i < ${to}) INSERT INTO runs (${runCols}) ${runSelect} FROM g`);
      await ds.query(`WITH RECURSIVE g(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM g WHERE i < ${to}), s(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM s WHERE k < ${shape.stepsPerRun - 1})
        INSERT INTO run_steps (${stepCols}) ${stepSelect} FROM g, s ORDER BY i, k`);
    } else {
      await ds.query(`INSERT INTO runs (${runCols}) ${runSelect} FROM generate_series(${from}::bigint, ${to}::bigint) AS i`);
      await ds.query(`INSERT INTO run_steps (${stepCols}) ${stepSelect} FROM generate_series(${from}::bigint, ${to}::bigint) AS i, generate_series(0, ${shape.stepsPerRun - 1}) AS k`);
    }
    process.stdout.write(`\r  seeded ${to.toLocaleString('en')} runs`);
  }
  process.stdout.write('\n');
  for (const idx of indexes) await ds.query(idx.sql);
  // The per-day node counts the turn pipeline keeps as it writes the log (flow analytics read them).
  await ds.query('DELETE FROM run_node_days');
  await ds.query(`INSERT INTO run_node_days (flow_id, day, node_id, handle, count) ${nodeDayRollupSelect()}`);
  // And the runs per flow and hour (the flow list's "runs in 24 h").
  await ds.query('DELETE FROM run_flow_hours');
  await ds.query(`INSERT INTO run_flow_hours (flow_id, hour, count) ${flowHourRollupSelect()}`);
  // PostgreSQL: VACUUM sets the visibility map so counts can be index-only scans, as autovacuum
  // would have done on a live system long before a table holds a million runs.
  if (sqlite) await ds.query('ANALYZE');
  else for (const table of ['runs', 'run_steps']) await ds.query(`VACUUM ANALYZE ${table}`);
}

async function secondaryIndexes(ds: DataSource, sqlite: boolean): Promise<{ name: string; sql: string }[]> {
  if (sqlite) {
    return ds.query(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('runs', 'run_steps') AND sql IS NOT NULL`);
  }
  return ds.query(`SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('runs', 'run_steps') AND indexname LIKE 'IDX_%'`);
}
