import type { ExecuteFlowResponse, RunDetailDto } from '@moflow/api-contract';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app';
import { count, createDraft, echoFlow, eventually, publishFlow } from './run-fixtures';

let t: TestApp;
let flowId: string;
let key: string;
let ds: DataSource;

beforeAll(async () => {
  t = await createTestApp();
  ds = t.app.get(DataSource);
  flowId = await publishFlow(t, 'Echo', echoFlow('PING'));
  key = await t.apiKey(['flows:execute', 'runs:read']);
});
afterAll(() => t?.close());

const execute = (id: string, body: object, headers: Record<string, string> = {}) =>
  t.http.post(`/api/v1/flows/${id}/executions`).set({ Authorization: `Bearer ${key}`, ...headers }).send(body);

describe(`REST trigger (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it('starts the published version, sends the first reply and records every step', async () => {
    const res = await execute(flowId, { to: '+1 (415) 555-0101', parameters: { name: 'Ada' } });
    expect(res.status).toBe(201);
    const body = res.body as ExecuteFlowResponse;
    expect(body).toMatchObject({ status: 'waiting', flowId, flowVersion: 1 });

    const detail = await t.http.get(`/api/v1/runs/${body.runId}`).set('Authorization', `Bearer ${key}`);
    expect(detail.status).toBe(200);
    const run = detail.body as RunDetailDto;
    expect(run).toMatchObject({ contactPhone: '+14155550101', status: 'waiting', currentNodeId: 'ask', flowName: 'Echo', trigger: { kind: 'rest', parameters: { name: 'Ada' } } });
    expect(run.steps.map((s) => s.type)).toEqual(['run_started', 'step_entered', 'step_left', 'step_entered', 'reply_queued', 'step_left', 'step_entered', 'wait_started', 'step_left']);
    expect(run.steps.filter((s) => s.type === 'step_left').map((s) => [s.nodeId, s.handle])).toEqual([['start', 'next'], ['hello', 'next'], ['ask', null]]);
    // The sender is decoupled from the turn: the MT is sent shortly after the run's commit.
    const sent = await eventually(async () => {
      const d = (await t.http.get(`/api/v1/runs/${body.runId}`).set('Authorization', `Bearer ${key}`)).body as RunDetailDto;
      return d.messages.every((m) => m.status === 'sent') ? d.messages : null;
    }, 'the reply sent');
    expect(sent).toEqual([expect.objectContaining({ direction: 'out', to: '+14155550101', text: 'Hello Ada', status: 'sent', encoding: 'GSM-7', segments: 1 })]);
  });

  it('an Idempotency-Key retry returns the first run, never a second; another body with it is refused', async () => {
    const before = await count(ds, 'runs');
    const body = { to: '+14155550102', parameters: { name: 'Bo', n: 1 } };
    const first = await execute(flowId, body, { 'Idempotency-Key': 'order-42' });
    const again = await execute(flowId, { parameters: { n: 1, name: 'Bo' }, to: '+14155550102' }, { 'Idempotency-Key': 'order-42' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect((again.body as ExecuteFlowResponse).runId).toBe((first.body as ExecuteFlowResponse).runId);
    expect(await count(ds, 'runs')).toBe(before + 1);

    const changed = await execute(flowId, { ...body, parameters: { name: 'Eve' } }, { 'Idempotency-Key': 'order-42' });
    expect(changed.status).toBe(422);
    expect(changed.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', details: { runId: (first.body as ExecuteFlowResponse).runId } });
  });

  it('concurrent retries with one key start exactly one run', async () => {
    const before = await count(ds, 'runs');
    const results = await Promise.all(Array.from({ length: 6 }, () => execute(flowId, { to: '+14155550103' }, { 'Idempotency-Key': 'burst-1' })));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(results.map((r) => (r.body as ExecuteFlowResponse).runId)).size).toBe(1);
    expect(await count(ds, 'runs')).toBe(before + 1);
  });

  it('a new run for the same contact cancels its waiting one (one waiting session per contact and channel)', async () => {
    const a = (await execute(flowId, { to: '+14155550104' })).body as ExecuteFlowResponse;
    const b = (await execute(flowId, { to: '+14155550104' })).body as ExecuteFlowResponse;
    const first = (await t.http.get(`/api/v1/runs/${a.runId}`).set('Authorization', `Bearer ${key}`)).body as RunDetailDto;
    expect(first.status).toBe('cancelled');
    expect(first.steps.at(-1)).toMatchObject({ type: 'run_cancelled', reason: `superseded by run ${b.runId}` });
    expect(b.status).toBe('waiting');
  });

  it('says clearly what is wrong with the request', async () => {
    const bad = await execute(flowId, { to: 'not a number' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', problems: [expect.objectContaining({ path: 'to' })] });
    const short = await execute(flowId, { to: '12345' });
    expect(short.status).toBe(400);
    expect(short.body.problems[0].message).toContain('E.164');
    const missing = await execute(flowId, { parameters: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.problems.map((p: { path: string }) => p.path)).toContain('to');
    const params = await execute(flowId, { to: '+14155550105', parameters: 'x' });
    expect(params.body.problems).toEqual([expect.objectContaining({ path: 'parameters', message: 'must be a JSON object' })]);
    const channel = await execute(flowId, { to: '+14155550105', channelId: 'nope' });
    expect(channel.body.problems).toEqual([expect.objectContaining({ path: 'channelId' })]);
  });

  it('refuses flows that cannot run: unknown 404, unpublished 409, rest: false 409', async () => {
    expect((await execute('00000000-0000-4000-8000-000000000000', { to: '+14155550106' })).status).toBe(404);
    const draft = await createDraft(t, 'Draft only', echoFlow('DRAFT'));
    const unpublished = await execute(draft, { to: '+14155550106' });
    expect(unpublished.status).toBe(409);
    expect(unpublished.body.code).toBe('FLOW_NOT_PUBLISHED');
    const noRest = await publishFlow(t, 'No REST', echoFlow('NOREST', { rest: false }));
    const refused = await execute(noRest, { to: '+14155550106' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('REST_TRIGGER_DISABLED');
  });

  it('needs an API key with flows:execute (or an editor/admin session)', async () => {
    expect((await t.http.post(`/api/v1/flows/${flowId}/executions`).send({ to: '+14155550107' })).status).toBe(401);
    const readOnly = await t.apiKey(['runs:read']);
    const denied = await t.http.post(`/api/v1/flows/${flowId}/executions`).set('Authorization', `Bearer ${readOnly}`).send({ to: '+14155550107' });
    expect(denied.status).toBe(403);
    const ops = await t.loginAs('ops');
    expect((await ops.post(`/api/v1/flows/${flowId}/executions`).send({ to: '+14155550107' })).status).toBe(403);
    const editor = await t.loginAs('editor');
    expect((await editor.post(`/api/v1/flows/${flowId}/executions`).send({ to: '+14155550107' })).status).toBe(201);
  });

  it('counts runs by flow and status and reports the dispatch queue depth on /metrics', async () => {
    const admin = await t.loginAs('admin');
    const scrape = async () => (await admin.get('/metrics')).text;
    const waitingLine = new RegExp(`moflow_runs_total\\{flow="${flowId}",status="waiting"\\} (\\d+)`);
    const before = Number(waitingLine.exec(await scrape())?.[1] ?? 0);
    expect((await execute(flowId, { to: '+14155550109' })).status).toBe(201);
    expect((await execute(flowId, { to: '+14155550110' })).status).toBe(201);
    const after = await scrape();
    expect(Number(waitingLine.exec(after)?.[1])).toBe(before + 2);
    expect(after).toMatch(/moflow_queue_depth\{queue="inbox"\} 0/);
    expect(after).toMatch(/moflow_inbox_lag_seconds 0/);
  });
});
