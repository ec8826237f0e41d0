import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  CancelRunsResultDto, ExecuteFlowResponse, Page, RunActionResultDto, RunDetailDto, WaitingSessionDto, WaitingSummaryDto,
} from '@moflow/api-contract';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../support/test-app';
import { echoFlow, publishFlow } from './run-fixtures';

let t: TestApp;
let ops: Agent;
let editor: Agent;
let key: string;
let crm: http.Server;
let failing = true;
let echo: string;
let lookup: string;

/** trigger → crm lookup → success: reply "Hi {name}" → end; failure: end (failed). */
function crmFlow(url: string): FlowDefinitionInput {
  return {
    specVersion: 1,
    nodes: [
      { id: 'start', type: 'trigger', config: { keywords: ['CRM'], rest: true } },
      { id: 'crm', type: 'lookup', config: { kind: 'http', url, retries: 0, timeoutMs: 2000, mapping: '{ "name": body.name }' } },
      { id: 'hi', type: 'reply', config: { text: 'Hi {{ vars.name }}' } },
      { id: 'done', type: 'end', config: {} },
      { id: 'broken', type: 'end', config: { status: 'failed', reason: 'CRM unreachable' } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'crm' },
      { id: 'e2', source: 'crm', sourceHandle: 'success', target: 'hi' },
      { id: 'e3', source: 'hi', target: 'done' },
      { id: 'e4', source: 'crm', sourceHandle: 'failure', target: 'broken' },
    ],
  };
}

const start = async (flowId: string, to: string, parameters: Record<string, unknown> = {}) => {
  const res = await t.http.post(`/api/v1/flows/${flowId}/executions`).set('Authorization', `Bearer ${key}`).send({ to, parameters });
  expect(res.status).toBe(201);
  return (res.body as ExecuteFlowResponse).runId;
};
const detail = async (id: string) => (await ops.get(`/api/v1/runs/${id}`)).body as RunDetailDto;

beforeAll(async () => {
  crm = http.createServer((_req, res) => {
    res.writeHead(failing ? 503 : 200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(failing ? { error: 'maintenance' } : { name: 'Ada' }));
  });
  await new Promise<void>((r) => crm.listen(0, '127.0.0.1', r));
  t = await createTestApp();
  ops = await t.loginAs('ops');
  editor = await t.loginAs('editor');
  key = await t.apiKey(['flows:execute', 'runs:read']);
  const admin = await t.loginAs('admin');
  expect((await admin.post('/api/v1/settings/lookup-allowlist').send({ entry: '127.0.0.1', note: 'fake CRM' })).status).toBe(201);
  echo = await publishFlow(t, 'Echo', echoFlow('ECHO'));
  lookup = await publishFlow(t, 'CRM', crmFlow(`http://127.0.0.1:${(crm.address() as AddressInfo).port}/customer`));
});
afterAll(async () => {
  await t?.close();
  await new Promise((r) => crm?.close(r));
});

describe('run actions', () => {
  it('retries a failed lookup and the run goes on to complete, recorded with who did it', async () => {
    failing = true;
    const runId = await start(lookup, '+14155550401');
    const failed = await detail(runId);
    expect(failed.status).toBe('failed');
    expect(failed.steps.find((s) => s.type === 'lookup_attempt')?.data['status']).toBe(503);

    failing = false;
    const res = await ops.post(`/api/v1/runs/${runId}/retry`);
    expect(res.status).toBe(200);
    const body = res.body as RunActionResultDto;
    expect(body.run.status).toBe('completed');
    expect(body.action).toMatchObject({ action: 'retry', runId, detail: { nodeId: 'crm', previousStatus: 'failed', status: 'completed' } });
    expect(body.action.actor.name).toContain('@');

    const after = await detail(runId);
    expect(after.status).toBe('completed');
    expect(after.error).toBeNull();
    expect(after.vars).toMatchObject({ name: 'Ada' });
    expect(after.messages.map((m) => m.text)).toEqual(['Hi Ada']);
    const retried = after.steps.find((s) => s.type === 'run_retried');
    expect(retried?.reason).toMatch(/^lookup retried by /);
    // The stand-in wait the retry resumes through never shows in the log.
    expect(after.steps.some((s) => s.nodeId === '__moflow_retry__')).toBe(false);
    expect(after.actions.map((a) => a.action)).toEqual(['retry']);

    // Nothing failed any more: a second retry is refused in words.
    const again = await ops.post(`/api/v1/runs/${runId}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('RUN_NOT_ACTIONABLE');
    expect(again.body.message).toContain('no failed lookup');
  });

  it('starts the flow again for the same contact with the same parameters', async () => {
    const runId = await start(echo, '+14155550402', { name: 'Bo' });
    const res = await ops.post(`/api/v1/runs/${runId}/restart`);
    expect(res.status).toBe(200);
    const body = res.body as RunActionResultDto;
    expect(body.run.id).not.toBe(runId);
    expect(body.run).toMatchObject({ contactPhone: '+14155550402', flowId: echo, status: 'waiting' });
    expect(body.run.trigger).toMatchObject({ parameters: { name: 'Bo' } });
    expect(body.action.detail['newRunId']).toBe(body.run.id);
    expect((await detail(body.run.id)).messages[0]?.text).toBe('Hello Bo');
    // The old run was waiting on the same channel: the new one replaced it.
    expect((await detail(runId)).status).toBe('cancelled');
  });

  it('cancels waiting runs one or many, lists who waits where, and refuses what cannot be cancelled', async () => {
    const a = await start(echo, '+14155550410');
    const b = await start(echo, '+14155550411');
    const c = await start(echo, '+14155550412');
    const waiting = (await ops.get('/api/v1/runs/waiting').query({ flowId: echo })).body as Page<WaitingSessionDto>;
    expect(waiting.items.map((w) => w.runId)).toEqual(expect.arrayContaining([a, b, c]));
    expect(waiting.items.every((w) => w.nodeId === 'ask')).toBe(true);
    const summary = (await ops.get('/api/v1/runs/waiting/summary').query({ flowId: echo })).body as WaitingSummaryDto;
    expect(summary.byNode).toEqual([expect.objectContaining({ flowId: echo, flowName: 'Echo', flowVersion: 1, nodeId: 'ask', count: waiting.items.length })]);
    expect((await ops.get('/api/v1/runs/waiting').query({ olderThanMinutes: 60 })).body.items).toEqual([]);

    const one = await ops.post(`/api/v1/runs/${a}/cancel`);
    expect(one.status).toBe(200);
    expect((one.body as RunActionResultDto).run.status).toBe('cancelled');
    const cancelledRun = await detail(a);
    expect(cancelledRun.steps.at(-1)).toMatchObject({ type: 'run_cancelled' });
    expect(cancelledRun.steps.at(-1)?.reason).toMatch(/^cancelled by /);
    expect(cancelledRun.actions[0]).toMatchObject({ action: 'cancel', detail: { nodeId: 'ask' } });

    const again = await ops.post(`/api/v1/runs/${a}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('only a waiting run can be cancelled');

    const many = await ops.post('/api/v1/runs/cancel').send({ runIds: [b, c, a] });
    expect(many.status).toBe(200);
    const result = many.body as CancelRunsResultDto;
    expect(result.cancelled.sort()).toEqual([b, c].sort());
    expect(result.skipped).toEqual([{ runId: a, reason: 'The run is cancelled: only a waiting run can be cancelled.' }]);
    const left = (await ops.get('/api/v1/runs/waiting').query({ flowId: echo })).body as Page<WaitingSessionDto>;
    expect(left.items.map((w) => w.runId)).not.toEqual(expect.arrayContaining([a]));
    expect(left.items.some((w) => [a, b, c].includes(w.runId))).toBe(false);
  });

  it('validates input with messages naming the field', async () => {
    const bad = await ops.post('/api/v1/runs/cancel').send({ runIds: ['nope'] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('runIds');
    expect((await ops.post('/api/v1/runs/cancel').send({ runIds: [] })).status).toBe(400);
    expect((await ops.get('/api/v1/runs/waiting').query({ limit: 0 })).status).toBe(400);
    expect((await ops.post('/api/v1/runs/not-a-uuid/retry')).status).toBe(404);
    expect((await ops.post('/api/v1/runs/00000000-0000-4000-8000-000000000000/restart')).body.code).toBe('RUN_NOT_FOUND');
  });

  it('lets only ops and admin act on runs; editors and API keys may only read', async () => {
    const runId = await start(echo, '+14155550420');
    for (const path of ['cancel', 'retry', 'restart']) {
      const res = await editor.post(`/api/v1/runs/${runId}/${path}`);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN_ROLE');
      const byKey = await t.http.post(`/api/v1/runs/${runId}/${path}`).set('Authorization', `Bearer ${key}`);
      expect(byKey.status).toBe(403);
    }
    expect((await editor.post('/api/v1/runs/cancel').send({ runIds: [runId] })).status).toBe(403);
    expect((await editor.get('/api/v1/runs/waiting')).status).toBe(200);
    expect((await t.http.get('/api/v1/runs/waiting').set('Authorization', `Bearer ${key}`)).status).toBe(200);
    expect((await t.http.get('/api/v1/runs/waiting')).status).toBe(401);
    expect((await detail(runId)).status).toBe('waiting');
  });
});

describe('run search and export', () => {
  it('finds runs by message text and errors only, and exports the filtered runs with their vars as CSV', async () => {
    failing = true;
    const failedRun = await start(lookup, '+14155550431');
    const runId = await start(echo, '+14155550430', { name: 'Zoltan' });
    const byText = await ops.get('/api/v1/runs').query({ text: 'hello zolt' });
    expect(byText.status).toBe(200);
    expect(byText.body.items.map((r: { id: string }) => r.id)).toEqual([runId]);
    expect((await ops.get('/api/v1/runs').query({ text: '100%_' })).body.items).toEqual([]);
    const errors = (await ops.get('/api/v1/runs').query({ errorsOnly: 'true', limit: 200 })).body.items as { error: string | null }[];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((r) => r.error !== null)).toBe(true);
    expect((await ops.get('/api/v1/runs').query({ errorsOnly: 'yes' })).status).toBe(400);

    const csv = await ops.get('/api/v1/runs/export.csv').query({ flowId: lookup });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('runId,flow,version,status,phone,channelId,startedAt,endedAt,currentNode,error,vars.name,vars');
    const row = lines.find((l) => l.startsWith(failedRun));
    expect(row).toContain(',failed,+14155550431,');
    const completed = lines.find((l) => l.includes(',completed,'));
    expect(completed).toContain(',Ada,');
    expect((await ops.get('/api/v1/runs/export.csv').query({ status: 'lost' })).status).toBe(400);
  });
});
