import type { AddressInfo } from 'node:net';
import { flowHourRollupSelect } from '@moflow/data-access';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { DataSource } from 'typeorm';
import { it } from 'vitest';
import { createTestApp } from '../test/support/test-app';

/**
 * The flow list (`GET /api/v1/flows`, what the Flows page loads) with BENCH_FLOWS flows (default
 * 500, every other one published) and BENCH_LIST_RUNS runs (default 200 000) started over the last
 * 48 hours among them, so each row's "runs in 24 h" has something to count. Prints the sequential
 * latency p50/p95/p99 (the goal: under 50 ms) and autocannon's requests/s with 10 connections.
 * SQLite temp file, or PostgreSQL when DATABASE_URL is set. Run alone: BENCH_ONLY=flows-list.
 */
const FLOWS = Number(process.env.BENCH_FLOWS ?? 500);
const RUNS = Number(process.env.BENCH_LIST_RUNS ?? 200_000);

interface AutocannonResult { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number }
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

function definition(i: number): FlowDefinitionInput {
  return {
    specVersion: 1,
    nodes: [
      { id: 'start', type: 'trigger', config: { keywords: [`KW${i}`, `ALIAS${i}`] } },
      { id: 'ask', type: 'reply', config: { text: 'What size? Reply S, M or L' } },
      { id: 'wait', type: 'wait', config: { timeoutSeconds: 600 } },
      { id: 'size', type: 'match', config: { cases: [{ id: 's', label: 'Small', mode: 'only_word', values: ['S'] }, { id: 'l', label: 'Large', mode: 'only_word', values: ['L'] }] } },
      { id: 'small', type: 'reply', config: { text: 'Small: $8' } },
      { id: 'large', type: 'reply', config: { text: 'Large: $14' } },
      { id: 'done', type: 'end', config: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'ask' }, { id: 'e2', source: 'ask', target: 'wait' },
      { id: 'e3', source: 'wait', sourceHandle: 'reply', target: 'size' }, { id: 'e4', source: 'size', sourceHandle: 's', target: 'small' },
      { id: 'e5', source: 'size', sourceHandle: 'l', target: 'large' }, { id: 'e6', source: 'small', target: 'done' }, { id: 'e7', source: 'large', target: 'done' },
    ],
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

it('flow list latency', async () => {
  const autocannon = (await import('autocannon')).default as unknown as Autocannon;
  const t = await createTestApp();
  try {
    const admin = await t.loginAs('admin');
    const t0 = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < FLOWS; i++) {
      const res = await admin.post('/api/v1/flows').send({ name: `Bench flow ${i}`, definition: definition(i) });
      if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
      const id = (res.body as { id: string }).id;
      ids.push(id);
      if (i % 2 === 0 && (await admin.post(`/api/v1/flows/${id}/publish`).send({})).status !== 200) throw new Error('publish failed');
    }
    const ds = t.app.get(DataSource);
    const pg = ds.options.type === 'postgres';
    await ds.query('CREATE TEMPORARY TABLE bench_flow_ids (n INTEGER PRIMARY KEY, id VARCHAR(40))');
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100);
      await ds.query(`INSERT INTO bench_flow_ids (n, id) VALUES ${chunk.map((_, j) => (pg ? `($${2 * j + 1}, $${2 * j + 2})` : '(?, ?)')).join(', ')}`,
        chunk.flatMap((id, j) => [i + j, id]));
    }
    const now = Date.now();
    const series = pg ? `generate_series(1, ${RUNS}) AS g(i)` : `(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${RUNS}) SELECT i FROM s) AS g`;
    const text = (e: string) => (pg ? `(${e})::text` : `CAST(${e} AS TEXT)`);
    await ds.query(`INSERT INTO runs (id, flow_id, flow_name, flow_version, status, contact_id, contact_phone, channel_id, trigger, state, current_node_id, error,
        wait_deadline, next_seq, started_at, updated_at, ended_at)
      SELECT 'bench-' || ${text('g.i')}, f.id, 'Bench', 1, 'completed', 'c' || ${text('g.i % 1000')}, '+1415555' || ${text('g.i % 1000')}, NULL, '{}', '{}', NULL, NULL,
        NULL, 0, ${now} - (g.i * 7919 % 172800) * 1000, ${now}, NULL
      FROM ${series} JOIN bench_flow_ids f ON f.n = g.i % ${ids.length}`);
    // The runs per flow and hour that the turn pipeline keeps as it inserts runs.
    await ds.query(`INSERT INTO run_flow_hours (flow_id, hour, count) ${flowHourRollupSelect()}`);
    if (pg) await ds.query('VACUUM ANALYZE runs'); else await ds.query('ANALYZE');
    console.log(`\n[${t.database}] ${FLOWS} flows (${Math.ceil(FLOWS / 2)} published), ${RUNS.toLocaleString('en')} runs over 48 h: seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/api/v1/flows`;
    const key = await t.apiKey(['flows:read']);
    const headers = { authorization: `Bearer ${key}` };
    const first = await fetch(url, { headers });
    const body = await first.text();
    const parsed = JSON.parse(body) as unknown[] | { items: unknown[] };
    const listed = Array.isArray(parsed) ? parsed.length : parsed.items.length;
    for (let i = 0; i < 20; i++) await (await fetch(url, { headers })).arrayBuffer();
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const s = performance.now();
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    const result = await autocannon({ url, connections: 10, duration: 10, headers });
    console.log(`[${t.database}] GET /api/v1/flows: ${listed} flows, ${(body.length / 1024).toFixed(0)} KiB; sequential p50 ${percentile(times, 50).toFixed(1)} ms, `
      + `p95 ${percentile(times, 95).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms (goal < 50 ms); `
      + `10 connections: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`);
  } finally {
    await t.close();
  }
}, 3_600_000);
