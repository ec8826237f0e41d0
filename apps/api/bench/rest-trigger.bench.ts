import type { AddressInfo } from 'node:net';
import { it } from 'vitest';
import { echoFlow, publishFlow } from '../test/runs/run-fixtures';
import { createTestApp } from '../test/support/test-app';

/**
 * REST-trigger throughput: the real app (SQLite temp file, or PostgreSQL when DATABASE_URL is set)
 * on a real port, autocannon POSTing executions of a published flow for distinct contacts.
 * Prints requests/s and latency p50/p99. Not part of npm test.
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

it('REST trigger throughput', async () => {
  const autocannon = (await import('autocannon')).default as unknown as Autocannon;
  const t = await createTestApp();
  try {
    const flowId = await publishFlow(t, 'Bench', echoFlow('BENCH'));
    const key = await t.apiKey(['flows:execute']);
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    let n = 0;
    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: CONNECTIONS,
      duration: DURATION,
      requests: [{
        method: 'POST',
        path: `/api/v1/flows/${flowId}/executions`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        // A new contact per request: the common case of a campaign blast.
        setupRequest: (req: Record<string, unknown>) => ({ ...req, body: JSON.stringify({ to: `+1415${String(5_000_000 + n++).padStart(7, '0')}`, parameters: { name: 'Bench' } }) }),
      }],
    });
    console.log(`\n[${t.database}] REST trigger, ${CONNECTIONS} connections, ${DURATION} s: ${result.requests.average.toFixed(0)} req/s ` +
      `(${result.requests.total} runs started), latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
      `non-2xx ${result.non2xx}, errors ${result.errors}`);
  } finally {
    await t.close();
  }
}, 600_000);
