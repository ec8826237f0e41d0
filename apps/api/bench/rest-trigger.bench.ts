import type { AddressInfo } from 'node:net';
import type { DataSource, Logger, QueryRunner } from 'typeorm';
import { it } from 'vitest';
import { echoFlow, publishFlow } from '../test/runs/run-fixtures';
import { createTestApp } from '../test/support/test-app';

/**
 * REST-trigger throughput: the real app (SQLite temp file, or PostgreSQL when DATABASE_URL is set)
 * on a real port, autocannon POSTing executions of a published flow for distinct contacts.
 * Prints requests/s, latency p50/p99 and SQL statements per request (counted through TypeORM's
 * logger, BEGIN/COMMIT included). Run alone with `BENCH_ONLY=trigger npm run bench -w apps/api`;
 * BENCH_SQL=1 also lists the statements of one request. Not part of npm test.
 */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

const DURATION = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

/** Wraps the DataSource's logger so that every statement a query runner sends is counted. */
function countStatements(ds: DataSource): { count: () => number; log: string[] } {
  const inner = ds.logger;
  const log: string[] = [];
  let n = 0;
  const counting: Logger = {
    logQuery: (query: string, parameters?: unknown[], qr?: QueryRunner) => {
      n++;
      if (log.length < 200) log.push(query.replace(/\s+/g, ' ').slice(0, 160));
      return inner.logQuery(query, parameters, qr);
    },
    logQueryError: (...a) => inner.logQueryError(...a),
    logQuerySlow: (...a) => inner.logQuerySlow(...a),
    logSchemaBuild: (...a) => inner.logSchemaBuild(...a),
    logMigration: (...a) => inner.logMigration(...a),
    log: (...a) => inner.log(...a),
  };
  (ds as { logger: Logger }).logger = counting;
  return { count: () => n, log };
}

it('REST trigger throughput', async () => {
  const autocannon = (await import('autocannon')).default as unknown as Autocannon;
  const t = await createTestApp();
  try {
    const flowId = await publishFlow(t, 'Bench', echoFlow('BENCH'));
    const key = await t.apiKey(['flows:execute']);
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const ds = t.app.get<DataSource>((await import('typeorm')).DataSource);
    const counter = countStatements(ds);
    let n = 0;
    const body = () => JSON.stringify({ to: `+1415${String(5_000_000 + n++).padStart(7, '0')}`, parameters: { name: 'Bench' } });
    const url = `http://127.0.0.1:${port}/api/v1/flows/${flowId}/executions`;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };

    // Sequential warm-up, then statements per request (one request at a time, nothing else running).
    for (let i = 0; i < 50; i++) await fetch(url, { method: 'POST', headers, body: body() });
    const SEQ = 200;
    const before = counter.count();
    counter.log.length = 0;
    const t0 = performance.now();
    for (let i = 0; i < SEQ; i++) {
      const res = await fetch(url, { method: 'POST', headers, body: body() });
      if (res.status !== 201 && res.status !== 200) throw new Error(`trigger answered ${res.status}: ${await res.text()}`);
    }
    const seqMs = (performance.now() - t0) / SEQ;
    const perRequest = (counter.count() - before) / SEQ;
    if (process.env.BENCH_SQL) console.log(`\nstatements of one request:\n  ${counter.log.slice(0, Math.ceil(perRequest)).join('\n  ')}`);

    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: CONNECTIONS,
      duration: DURATION,
      requests: [{
        method: 'POST',
        path: `/api/v1/flows/${flowId}/executions`,
        headers,
        // A new contact per request: the common case of a campaign blast.
        setupRequest: (req: Record<string, unknown>) => ({ ...req, body: body() }),
      }],
    });
    console.log(`\n[${t.database}] REST trigger, ${CONNECTIONS} connections, ${DURATION} s: ${result.requests.average.toFixed(0)} req/s ` +
      `(${result.requests.total} runs started), latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
      `non-2xx ${result.non2xx}, errors ${result.errors}; sequential ${seqMs.toFixed(1)} ms/request, ${perRequest.toFixed(1)} SQL statements/request`);
  } finally {
    await t.close();
  }
}, 600_000);
