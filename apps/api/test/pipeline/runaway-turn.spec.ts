import type { Page, RunDetailDto, RunSummaryDto } from '@moflow/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbound, sendMo, simulatorChannel, type ChannelInfo } from '../conversations/messaging-fixtures';
import { eventually, publishFlow } from '../runs/run-fixtures';
import { createTestApp, type Agent, type TestApp } from '../support/test-app';

let t: TestApp;
let ops: Agent;
let channel: ChannelInfo;

// Within every cap (10,000 items): native calls only ($zip builds 10,000 arrays, $distinct compares
// them pairwise, ~1 s of CPU in one call), which the engine's 250 ms expression budget, checked
// between steps, cannot interrupt.
const RUNAWAY = '$count($distinct($zip([1..10000])))';
const BUDGET_MS = 300;

beforeAll(async () => {
  // one worker: the runaway and the other contact's turn share it, so the innocent turn is re-run
  t = await createTestApp({ env: { ENGINE_TURN_BUDGET_MS: String(BUDGET_MS), ENGINE_WORKERS: '1' } });
  ops = await t.loginAs('ops');
  channel = await simulatorChannel(t);
  await publishFlow(t, 'Spin', {
    specVersion: 1,
    nodes: [
      { id: 'start', type: 'trigger', config: { keywords: ['SPIN'] } },
      { id: 'calc', type: 'set', config: { assignments: [{ target: 'vars.n', expression: RUNAWAY }] } },
      { id: 'done', type: 'reply', config: { text: 'spun {{ vars.n }}' } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'calc' }, { id: 'e2', source: 'calc', target: 'done' }],
  });
  await publishFlow(t, 'Ping', {
    specVersion: 1,
    nodes: [{ id: 'start', type: 'trigger', config: { keywords: ['PING'] } }, { id: 'pong', type: 'reply', config: { text: 'PONG' } }],
    edges: [{ id: 'e1', source: 'start', target: 'pong' }],
  });
});
afterAll(() => t?.close());

async function runsOf(phone: string): Promise<RunSummaryDto[]> {
  const res = await ops.get('/api/v1/runs').query({ contact: phone });
  expect(res.status).toBe(200);
  return (res.body as Page<RunSummaryDto>).items;
}

describe('a live turn that runs away (engine pool watchdog)', () => {
  it('fails only its run with the reason, while another contact of the batch is answered and /health/live keeps answering', async () => {
    const spinner = '+14155593001';
    const other = '+14155593002';
    const [a, b] = await Promise.all([sendMo(t, channel.id, spinner, 'SPIN'), sendMo(t, channel.id, other, 'PING')]);
    expect([a.status, b.status]).toEqual([200, 200]);

    // probe the event loop until the runaway's run is written as failed
    const latencies: number[] = [];
    let failed: RunSummaryDto | undefined;
    const deadline = Date.now() + 60_000;
    while (!failed && Date.now() < deadline) {
      const sent = Date.now();
      const health = await t.http.get('/health/live');
      expect(health.status).toBe(200);
      latencies.push(Date.now() - sent);
      failed = (await runsOf(spinner)).find((r) => r.status === 'failed');
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(failed, 'the runaway run failed').toBeDefined();
    const detail = (await ops.get(`/api/v1/runs/${failed!.id}`)).body as RunDetailDto;
    const reason = new RegExp(`the turn ran for \\d+ ms of processing, more than the ${BUDGET_MS} ms a turn may use .*and was stopped`);
    expect(detail.status).toBe('failed');
    expect(detail.error).toMatch(reason);
    // in this thread the native call would hold the event loop for seconds; in a worker it does not
    expect(latencies.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...latencies)).toBeLessThan(1000);
    expect(detail.steps.find((s) => s.type === 'run_failed')?.error ?? detail.steps.find((s) => s.type === 'run_failed')?.reason).toMatch(reason);
    expect(await outbound(t, spinner)).toEqual([]);

    // the other contact, on the same (stopped) worker, was run again and answered once
    const pong = await eventually(async () => {
      const rows = await outbound(t, other);
      return rows.length > 0 ? rows : null;
    }, 'the PONG reply');
    expect(pong.map((m) => m.text)).toEqual(['PONG']);
    const otherRuns = await runsOf(other);
    expect(otherRuns.map((r) => r.status)).toEqual(['completed']);
  });

  it('keeps answering after the stopped worker was replaced', async () => {
    const phone = '+14155593003';
    expect((await sendMo(t, channel.id, phone, 'PING')).status).toBe(200);
    const rows = await eventually(async () => {
      const r = await outbound(t, phone);
      return r.length > 0 ? r : null;
    }, 'a reply after the watchdog');
    expect(rows.map((m) => m.text)).toEqual(['PONG']);
  });
});
