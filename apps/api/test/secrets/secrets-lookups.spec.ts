import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecuteFlowResponse, RunDetailDto } from '@moflow/api-contract';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishFlow } from '../runs/run-fixtures';
import { createTestApp, type Agent, type TestApp } from '../support/test-app';

const SECRET = 'tok_live_9f8e7d6c5b4a';
let t: TestApp;
let admin: Agent;
let server: http.Server;
let port = 0;
const hits: { url: string; auth: string | undefined }[] = [];

function lookupFlow(url: string): FlowDefinitionInput {
  return {
    specVersion: 1,
    nodes: [
      { id: 'start', type: 'trigger', config: { keywords: ['CRM'] } },
      {
        id: 'crm', type: 'lookup', config: {
          kind: 'http', url, headers: { Authorization: 'Bearer {{ secrets.CRM_TOKEN }}' }, retries: 0, timeoutMs: 2000,
          mapping: '{ "name": body.name, "echo": body.echo }',
        },
      },
      { id: 'hi', type: 'reply', config: { text: 'Hi {{ vars.name }}' } },
      { id: 'sorry', type: 'reply', config: { text: 'Lookup failed' } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'crm' },
      { id: 'e2', source: 'crm', sourceHandle: 'success', target: 'hi' },
      { id: 'e3', source: 'crm', sourceHandle: 'failure', target: 'sorry' },
    ],
  };
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push({ url: req.url ?? '', auth: req.headers.authorization });
    res.setHeader('content-type', 'application/json');
    // Echoes the token back: a careless host would store it in vars and the run log.
    res.end(JSON.stringify({ name: 'Ada', echo: req.headers.authorization }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  t = await createTestApp();
  admin = await t.loginAs('admin');
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((r) => server.close(() => r()));
});

async function trigger(flowId: string): Promise<RunDetailDto> {
  const key = await t.apiKey(['flows:execute', 'runs:read']);
  const started = (await t.http.post(`/api/v1/flows/${flowId}/executions`).set('Authorization', `Bearer ${key}`).send({ to: '+14155550401' })).body as ExecuteFlowResponse;
  return (await t.http.get(`/api/v1/runs/${started.runId}`).set('Authorization', `Bearer ${key}`)).body as RunDetailDto;
}

describe('secrets', () => {
  it('admin CRUD returns names only, never values', async () => {
    const put = await admin.put('/api/v1/secrets/CRM_TOKEN').send({ value: SECRET, hosts: ['127.0.0.1'] });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ name: 'CRM_TOKEN', hosts: ['127.0.0.1'], createdAt: expect.any(String), updatedAt: expect.any(String) });
    const listed = await admin.get('/api/v1/secrets');
    expect(listed.body).toEqual([expect.objectContaining({ name: 'CRM_TOKEN', hosts: ['127.0.0.1'] })]);
    expect(JSON.stringify(listed.body)).not.toContain(SECRET);
    expect((await admin.put('/api/v1/secrets/1bad-name').send({ value: 'x' })).body.problems[0]).toMatchObject({ path: 'name' });
    expect((await admin.put('/api/v1/secrets/OK').send({ value: '' })).body.problems[0]).toMatchObject({ path: 'value' });
    expect((await admin.delete('/api/v1/secrets/NOPE')).status).toBe(404);
    // bound to hosts: required unless the value is a base URL; kept when only the value is rotated
    const unbound = await admin.put('/api/v1/secrets/OTHER').send({ value: 'x1' });
    expect(unbound.status).toBe(400);
    expect(unbound.body.problems[0]).toMatchObject({ path: 'hosts', message: expect.stringContaining('name the host(s) this secret may be sent to') });
    expect((await admin.put('/api/v1/secrets/OTHER').send({ value: 'x1', hosts: ['https://crm.example.com/'] })).body.problems[0]).toMatchObject({ path: 'hosts[0]' });
    expect((await admin.put('/api/v1/secrets/OTHER').send({ value: 'x1', hosts: 'crm.example.com' })).body.problems[0]).toMatchObject({ path: 'hosts' });
    expect((await admin.put('/api/v1/secrets/BASE').send({ value: 'https://CRM.example.com/v2' })).body.hosts).toEqual(['crm.example.com']);
    expect((await admin.put('/api/v1/secrets/CRM_TOKEN').send({ value: SECRET })).body.hosts).toEqual(['127.0.0.1']);
    await admin.delete('/api/v1/secrets/BASE');
    const editor = await t.loginAs('editor');
    expect((await editor.get('/api/v1/secrets')).status).toBe(403);
    const rows = (await t.app.get(DataSource).query('SELECT * FROM secrets')) as Record<string, unknown>[];
    expect(JSON.stringify(rows)).not.toContain(SECRET);
  });
});

describe('lookups from the server', () => {
  it('refuses 127.0.0.1 until an admin allow-lists it, then sends the secret and keeps it out of every record', async () => {
    await admin.put('/api/v1/secrets/CRM_TOKEN').send({ value: SECRET, hosts: ['127.0.0.1'] });
    const flowId = await publishFlow(t, 'CRM', lookupFlow(`http://127.0.0.1:${port}/customers?t={{ secrets.CRM_TOKEN }}`));

    const refused = await trigger(flowId);
    expect(hits).toHaveLength(0);
    expect(refused.messages.map((m) => m.text)).toEqual(['Lookup failed']);
    const attempt = refused.steps.find((s) => s.type === 'lookup_attempt');
    expect(attempt?.error).toContain('127.0.0.1 refused: loopback address');

    const added = await admin.post('/api/v1/settings/lookup-allowlist').send({ entry: '127.0.0.1', note: 'tests' });
    expect(added.status).toBe(201);
    const run = await trigger(flowId);
    expect(hits).toEqual([{ url: `/customers?t=${SECRET}`, auth: `Bearer ${SECRET}` }]);
    expect(run.messages.map((m) => m.text)).toEqual(['Hi Ada']);
    expect(run.vars).toMatchObject({ name: 'Ada', echo: 'Bearer [secret]' });

    const everything = JSON.stringify(run) + JSON.stringify(await admin.get('/api/v1/runs').then((r) => r.body));
    expect(everything).not.toContain(SECRET);
    const ds = t.app.get(DataSource);
    for (const table of ['runs', 'run_steps', 'messages', 'contacts', 'secrets']) {
      expect(JSON.stringify(await ds.query(`SELECT * FROM ${table}`)), table).not.toContain(SECRET);
    }
  });

  it('validates allow-list entries and keeps the API admin-only', async () => {
    const bad = await admin.post('/api/v1/settings/lookup-allowlist').send({ entry: 'not a host!' });
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0]).toMatchObject({ path: 'entry' });
    expect((await admin.post('/api/v1/settings/lookup-allowlist').send({ entry: '10.0.0.0/8' })).status).toBe(201);
    const list = (await admin.get('/api/v1/settings/lookup-allowlist')).body as { id: string; entry: string }[];
    expect(list.map((e) => e.entry)).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect((await admin.delete(`/api/v1/settings/lookup-allowlist/${list[1]!.id}`)).status).toBe(204);
    expect((await (await t.loginAs('ops')).get('/api/v1/settings/lookup-allowlist')).status).toBe(403);
  });
});
