import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { allEntities, allMigrations, FlowEntity } from '@moflow/data-access';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { it } from 'vitest';
import { AnalyticsService } from '../src/analytics/analytics.service';
import { RunAuditLog } from '../src/runs/run-audit';
import { RunQueryService } from '../src/runs/run-query.service';
import type { ListRunsQuery } from '../src/runs/runs.dto';
import { seededFlowId, seedRuns } from './seed-runs';

/**
 * Run-log query benchmark: seeds BENCH_RUNS runs (default 1 M) × 10 steps, then times the real
 * RunQueryService queries on SQLite, and PostgreSQL when DATABASE_URL is set. Prints p50/p95 per
 * query; the goal is p95 ≤ 100 ms. Not part of npm test.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 1_000_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 40);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function measure(name: string, make: (i: number) => Promise<unknown>): Promise<string> {
  await make(0);
  const times: number[] = [];
  for (let i = 1; i <= ITERATIONS; i++) {
    const t0 = performance.now();
    await make(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 95);
  return `${name.padEnd(34)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms   p95 ${p95.toFixed(1).padStart(7)} ms ${p95 <= 100 ? '' : '  (over 100 ms goal)'}`;
}

async function benchOn(label: string, options: DataSourceOptions, cleanup: () => Promise<void>): Promise<void> {
  const ds = new DataSource({ ...options, entities: allEntities, migrations: allMigrations } as DataSourceOptions);
  await ds.initialize();
  try {
    await ds.runMigrations();
    if (label === 'sqlite') await ds.query('PRAGMA journal_mode = WAL');
    const t0 = performance.now();
    console.log(`\n[${label}] seeding ${RUNS.toLocaleString('en')} runs / ${(RUNS * 10).toLocaleString('en')} steps...`);
    await seedRuns(ds, { runs: RUNS, stepsPerRun: 10 });
    console.log(`[${label}] seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const q = new RunQueryService(ds, new RunAuditLog(ds));
    const list = (query: ListRunsQuery) => q.list(query);
    const flow = (i: number) => seededFlowId(i % 20);
    const analytics = new AnalyticsService(ds);
    // The seeded runs belong to 20 flows (seededFlowId); analytics checks that a flow exists.
    await ds.getRepository(FlowEntity).insert(Array.from({ length: 20 }, (_, i) => ({
      id: flow(i), name: `Flow ${i}`, description: null, status: 'published' as const, definition: {}, definitionHash: '', revision: 1, publishedVersion: 1,
      publishedHash: '', tests: [], requireTestsToPublish: false, createdById: null, updatedById: null, createdAt: 0, updatedAt: 0,
    })));
    const week = (i: number) => ({ from: new Date(Date.UTC(2026, 0, 2 + (i % 80))).toISOString(), to: new Date(Date.UTC(2026, 0, 9 + (i % 80))).toISOString() });
    const contact = (i: number) => `c${String((i * 7 * 37) % 100000).padStart(7, '0')}`;
    const rows = [
      await measure('newest page (no filter)', () => list({})),
      await measure('by flow', (i) => list({ flowId: flow(i) })),
      await measure('by flow + version', (i) => list({ flowId: flow(i), version: 1 + (i % 3) })),
      await measure('by status (failed)', () => list({ status: 'failed' })),
      await measure('by flow + status (waiting)', (i) => list({ flowId: flow(i), status: 'waiting' })),
      await measure('by contact', (i) => list({ contact: contact(i) })),
      await measure('by channel', (i) => list({ channelId: `ch-${i % 5}` })),
      await measure('by node visited (common)', (i) => list({ nodeId: `n${i % 12}` })),
      await measure('by node visited (rare, 0.1%)', () => list({ nodeId: 'rare' })),
      await measure('error text "HTTP 503"', () => list({ error: 'HTTP 503' })),
      await measure('time range (one day)', (i) => list({ from: new Date(Date.UTC(2026, 0, 2 + (i % 80))).toISOString(), to: new Date(Date.UTC(2026, 0, 3 + (i % 80))).toISOString() })),
      await measure('page 2 via cursor (by flow)', async (i) => {
        const first = await list({ flowId: flow(i) });
        return list({ flowId: flow(i), cursor: first.nextCursor ?? undefined });
      }),
      await measure('flow stats (byStatus + nodes)', (i) => q.stats(flow(i))),
      // Analytics over the same history: ~50 k runs per flow over 90 days, so 7 days hold ~3.9 k of them.
      await measure('flow analytics (7 days)', (i) => analytics.flow(flow(i), week(i))),
      await measure('flow analytics (7 days, hour edges)', (i) => analytics.flow(flow(i), { from: new Date(Date.UTC(2026, 0, 2 + (i % 80), 13)).toISOString(), to: new Date(Date.UTC(2026, 0, 9 + (i % 80), 13)).toISOString() })),
      await measure('flow analytics (90 days, all runs)', (i) => analytics.flow(flow(i), { from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z' })),
      await measure('funnel n2 → n7 (7 days)', (i) => analytics.funnel(flow(i), { ...week(i), fromNode: 'n2', toNode: 'n7' })),
      await measure('funnel n2 → n7 (90 days)', (i) => analytics.funnel(flow(i), { from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z', fromNode: 'n2', toNode: 'n7' })),
    ];
    console.log(`\n[${label}] run-list queries over ${RUNS.toLocaleString('en')} runs (${ITERATIONS} iterations each, page size 50):`);
    for (const r of rows) console.log(`  ${r}`);
  } finally {
    await ds.destroy();
    await cleanup();
  }
}

it('run-log queries', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'moflow-bench-'));
  // BENCH_ONLY=postgres skips the SQLite pass (it takes minutes to seed).
  const removeDir = async () => rmSync(dir, { recursive: true, force: true });
  if (process.env.BENCH_ONLY !== 'postgres') await benchOn('sqlite', { type: 'better-sqlite3', database: join(dir, 'bench.db') }, removeDir);
  else await removeDir();
  const url = process.env.DATABASE_URL;
  if (url?.startsWith('postgres')) {
    const schema = `bench_${randomBytes(4).toString('hex')}`;
    const admin = new DataSource({ type: 'postgres', url });
    await admin.initialize();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await benchOn('postgres', { type: 'postgres', url, schema, extra: { options: `-c search_path=${schema}` } }, async () => {
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      await admin.destroy();
    });
  }
}, 3_600_000);
