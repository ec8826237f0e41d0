import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecuteFlowResponse, FlowStatsDto, Page, RunSummaryDto } from '@moflow/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { flowHourRollupSelect } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { RunQueryService } from '../../src/runs/run-query.service';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, type Agent, type TestApp } from '../support/test-app';
import { echoFlow, publishFlow } from './run-fixtures';

let t: TestApp;
let ops: Agent;
let echo: string;
let other: string;
let key: string;
const runIds: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  ops = await t.loginAs('ops');
  key = await t.apiKey(['flows:execute']);
  echo = await publishFlow(t, 'Echo', echoFlow('ECHO'));
  other = await publishFlow(t, 'Other', echoFlow('OTHER', { rest: true }));
  for (let i = 0; i < 7; i++) {
    const res = await t.http.post(`/api/v1/flows/${i < 5 ? echo : other}/executions`).set('Authorization', `Bearer ${key}`)
      .send({ to: `+1415555030${i}`, parameters: { i } });
    runIds.push((res.body as ExecuteFlowResponse).runId);
  }
});
afterAll(() => t?.close());

const list = async (query: Record<string, string | number>) => {
  const res = await ops.get('/api/v1/runs').query(query);
  expect(res.status).toBe(200);
  return res.body as Page<RunSummaryDto>;
};

describe('run logs', () => {
  it('lists newest first and pages with an opaque cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<RunSummaryDto> = await list({ limit: 3, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    const whole = (await list({ limit: 200 })).items;
    // Runs started in the same millisecond are ordered by id: compare with the one-page answer.
    expect(seen).toEqual(whole.map((r) => r.id));
    expect([...seen].sort()).toEqual([...runIds].sort());
    const times = whole.map((r) => Date.parse(r.startedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('filters by flow, version, status, contact (phone or id), node visited, time range and error text', async () => {
    expect((await list({ flowId: other })).items.map((r) => r.id).sort()).toEqual([runIds[5], runIds[6]].sort());
    expect((await list({ flowId: echo, version: 1 })).items).toHaveLength(5);
    expect((await list({ flowId: echo, version: 2 })).items).toHaveLength(0);
    expect((await list({ status: 'waiting' })).items).toHaveLength(7);
    expect((await list({ status: 'completed' })).items).toHaveLength(0);
    const byPhone = await list({ contact: '+14155550302' });
    expect(byPhone.items.map((r) => r.id)).toEqual([runIds[2]]);
    expect((await list({ contact: byPhone.items[0]!.contactId })).items.map((r) => r.id)).toEqual([runIds[2]]);
    expect((await list({ contact: '+14155559999' })).items).toHaveLength(0);
    expect((await list({ nodeId: 'hello' })).items).toHaveLength(7);
    expect((await list({ nodeId: 'echo' })).items).toHaveLength(0);
    // The same answers when the node counts as common (EXISTS probe instead of the id list).
    const query = t.app.get(RunQueryService);
    query.rareNodeSteps = 1;
    try {
      expect((await list({ nodeId: 'hello', flowId: other })).items.map((r) => r.id).sort()).toEqual([runIds[5], runIds[6]].sort());
      expect((await list({ nodeId: 'echo' })).items).toHaveLength(0);
    } finally {
      query.rareNodeSteps = 2000;
    }
    expect((await list({ from: new Date(Date.now() + 60_000).toISOString() })).items).toHaveLength(0);
    expect((await list({ to: new Date(Date.now() + 60_000).toISOString(), limit: 200 })).items).toHaveLength(7);
    expect((await list({ error: '100%_' })).items).toHaveLength(0);
  });

  it('finds runs by error text, case-insensitively, with % and _ taken literally, across scan batches and pages', async () => {
    const failing = await publishFlow(t, 'Failing', {
      specVersion: 1,
      nodes: [{ id: 'start', type: 'trigger', config: { keywords: ['FAIL'] } }, { id: 'stop', type: 'end', config: { status: 'failed', reason: 'Card declined 100%_x' } }],
      edges: [{ id: 'e1', source: 'start', target: 'stop' }],
    });
    const failed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.http.post(`/api/v1/flows/${failing}/executions`).set('Authorization', `Bearer ${key}`).send({ to: `+1415555031${i}` });
      expect((res.body as ExecuteFlowResponse).status).toBe('failed');
      failed.push((res.body as ExecuteFlowResponse).runId);
    }
    expect((await list({ error: 'DECLINED 100%_' })).items.map((r) => r.id).sort()).toEqual([...failed].sort());
    expect((await list({ error: 'declined 100%x' })).items).toHaveLength(0);
    expect((await list({ error: 'declined', flowId: echo })).items).toHaveLength(0);
    const query = t.app.get(RunQueryService);
    query.errorScanBatch = 2;
    try {
      const first = await list({ error: 'declined', limit: 2 });
      const second = await list({ error: 'declined', limit: 2, cursor: first.nextCursor! });
      expect([...first.items, ...second.items].map((r) => r.id).sort()).toEqual([...failed].sort());
      expect(second.nextCursor).toBeNull();
      expect(first.items[0]?.error).toContain('Card declined 100%_x');
    } finally {
      query.errorScanBatch = 500;
    }
  });

  it('answers bad filters with 400 naming the field', async () => {
    const res = await ops.get('/api/v1/runs').query({ status: 'sleeping', limit: 0, cursor: 'zzz' });
    expect(res.status).toBe(400);
    const paths = (res.body.problems as { path: string }[]).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['status', 'limit']));
    const cursor = await ops.get('/api/v1/runs').query({ cursor: 'zzz' });
    expect(cursor.status).toBe(400);
    expect(cursor.body.problems[0]).toMatchObject({ path: 'cursor' });
    expect((await ops.get('/api/v1/runs/not-a-uuid')).status).toBe(404);
    expect((await ops.get('/api/v1/runs/00000000-0000-4000-8000-000000000000')).body.code).toBe('RUN_NOT_FOUND');
  });

  it('counts runs by status and per-node visits and exits', async () => {
    const stats = (await ops.get(`/api/v1/flows/${echo}/stats`)).body as FlowStatsDto;
    expect(stats.byStatus).toEqual({ running: 0, waiting: 5, completed: 0, failed: 0, expired: 0, cancelled: 0 });
    expect(stats.nodes).toEqual({
      start: { visits: 5, exits: { next: 5 } }, hello: { visits: 5, exits: { next: 5 } }, ask: { visits: 5, exits: {} },
    });
  });

  it("counts each flow's runs in the last 24 h from the hourly counter plus the part hour at the window's start", async () => {
    const counts = async () => new Map(((await ops.get('/api/v1/flows')).body as Array<{ id: string; runsLast24h: number }>).map((f) => [f.id, f.runsLast24h]));
    expect([(await counts()).get(echo), (await counts()).get(other)]).toEqual([5, 2]);
    const query = t.app.get(RunQueryService);
    const started = [...(await list({ flowId: echo })).items, ...(await list({ flowId: other })).items].map((r) => Date.parse(r.startedAt)).sort((a, b) => a - b);
    // Inside the runs' hour: only the part-hour count in `runs` answers; an hour boundary: only the counter.
    expect(await query.countRunsSince([echo, other], started[0]!)).toEqual(new Map([[echo, 5], [other, 2]]));
    expect(await query.countRunsSince([echo, other], started[6]! + 1)).toEqual(new Map());
    const hourStart = Math.floor(started[0]! / 3_600_000) * 3_600_000;
    expect(await query.countRunsSince([echo], hourStart)).toEqual(new Map([[echo, 5]]));
    expect(await query.countRunsSince([echo], hourStart + 3_600_000)).toEqual(new Map());
    // A turn that resumes a run (not a new run) adds nothing; the counter equals a rebuild from `runs`.
    await t.http.post(`/api/v1/flows/${echo}/executions`).set('Authorization', `Bearer ${key}`).send({ to: '+14155550300', parameters: {} });
    const ds = t.app.get(DataSource);
    const rows = async (sql: string) => ((await ds.query(sql)) as Array<{ flow_id: string; hour: number | string; count: number | string }>)
      .map((r) => `${r.flow_id}@${Number(r.hour)}=${Number(r.count)}`).sort();
    expect(await rows('SELECT flow_id, hour, count FROM run_flow_hours')).toEqual(await rows(`SELECT flow_id, hour, count FROM (${flowHourRollupSelect()}) x`));
    expect((await counts()).get(echo)).toBe(6);
  });

  it('streams new runs over SSE to a real HTTP client', async () => {
    // A fresh client (not the shared cookie-jar agent) so later tests stay anonymous.
    const login = await request(t.app.getHttpServer()).post('/api/v1/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    const cookie = (login.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    await new Promise<void>((resolve) => t.app.getHttpServer().listening ? resolve() : t.app.listen(0, '127.0.0.1').then(() => resolve()));
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const received: RunSummaryDto[] = [];
    const req = http.get({ host: '127.0.0.1', port, path: `/api/v1/runs/stream?flowId=${other}`, headers: { cookie, accept: 'text/event-stream' } });
    const response = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/event-stream');
    let buffer = '';
    response.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
        const frame = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const data = frame.split('\n').find((l) => l.startsWith('data: '));
        if (frame.includes('event: run') && data) received.push(JSON.parse(data.slice(6)) as RunSummaryDto);
      }
    });
    await t.http.post(`/api/v1/flows/${echo}/executions`).set('Authorization', `Bearer ${key}`).send({ to: '+14155550398' });
    const started = (await t.http.post(`/api/v1/flows/${other}/executions`).set('Authorization', `Bearer ${key}`).send({ to: '+14155550399' })).body as ExecuteFlowResponse;
    for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    req.destroy();
    expect(received.map((r) => [r.id, r.flowId, r.status])).toEqual([[started.runId, other, 'waiting']]);
  });

  it('keeps the stream to signed-in users and runs:read keys', async () => {
    expect((await t.http.get('/api/v1/runs')).status).toBe(401);
    expect((await t.http.get('/api/v1/runs').set('Authorization', `Bearer ${key}`)).status).toBe(403);
    const reader = await t.apiKey(['runs:read']);
    expect((await t.http.get('/api/v1/runs').set('Authorization', `Bearer ${reader}`)).status).toBe(200);
  });
});
