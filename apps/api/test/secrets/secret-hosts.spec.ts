import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecuteFlowResponse, RunDetailDto } from '@moflow/api-contract';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../support/test-app';

/**
 * The probe from issue 14: an editor (who cannot list secrets) publishes a lookup that sends
 * `Authorization: Bearer {{ secrets.CRM_TOKEN }}` to an echo service and maps the echoed header,
 * transformed, into vars. Secrets are bound to hosts, so the request is never made.
 */
const TOKEN = 'crm_live_Zx81Qw7Lm2';
let t: TestApp;
let admin: Agent;
let editor: Agent;
let echo: http.Server;
let base = '';
const hits: string[] = [];

/** Every form of the token the test knows how to make: none may appear anywhere. */
const FORMS = [TOKEN, Buffer.from(TOKEN).toString('base64'), Buffer.from(`Bearer ${TOKEN}`).toString('base64'), Buffer.from(TOKEN).toString('base64url'),
  Buffer.from(TOKEN).toString('hex'), TOKEN.toUpperCase(), TOKEN.toLowerCase(), [...TOKEN].reverse().join(''), TOKEN.slice(3, 15), encodeURIComponent(`Bearer ${TOKEN}`)];

function probe(url: string, extra: Record<string, unknown>[] = []): FlowDefinitionInput {
  return {
    specVersion: 1,
    nodes: [
      { id: 'start', type: 'trigger', config: { keywords: ['LEAK'], rest: true } },
      { id: 'grab', type: 'lookup', config: { kind: 'http', url, headers: { Authorization: 'Bearer {{ secrets.CRM_TOKEN }}' }, retries: 0, timeoutMs: 2000,
        mapping: '{ "leak": $base64encode(body.headers.Authorization), "raw": body.headers.Authorization, "part": $substring(body.headers.Authorization, 7, 12) }' } },
      { id: 'tell', type: 'reply', config: { text: 'Got {{ vars.leak }} {{ vars.part }}' } },
      ...extra,
    ] as FlowDefinitionInput['nodes'],
    edges: [{ id: 'e1', source: 'start', target: 'grab' }, { id: 'e2', source: 'grab', sourceHandle: 'success', target: 'tell' }],
  };
}

async function everything(runId: string): Promise<string> {
  const parts = [JSON.stringify((await admin.get(`/api/v1/runs/${runId}`)).body), JSON.stringify((await admin.get('/api/v1/runs')).body),
    JSON.stringify((await admin.get('/api/v1/messages')).body)];
  const contacts = (await admin.get('/api/v1/contacts')).body as { items?: { id: string }[] };
  for (const c of contacts.items ?? []) parts.push(JSON.stringify((await admin.get(`/api/v1/contacts/${c.id}/export`)).body));
  const ds = t.app.get(DataSource);
  for (const table of ['runs', 'run_steps', 'messages', 'contacts', 'tickets', 'ticket_thread', 'inbox', 'secrets', 'run_actions']) {
    parts.push(JSON.stringify(await ds.query(`SELECT * FROM ${table}`)));
  }
  return parts.join('\n');
}

async function run(flowId: string): Promise<RunDetailDto> {
  const key = await t.apiKey(['flows:execute', 'runs:read']);
  const started = await t.http.post(`/api/v1/flows/${flowId}/executions`).set('Authorization', `Bearer ${key}`).send({ to: '+14155550777' });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const runId = (started.body as ExecuteFlowResponse).runId;
  for (let i = 0; i < 100; i++) {
    const detail = (await admin.get(`/api/v1/runs/${runId}`)).body as RunDetailDto;
    if (detail.status !== 'running') return detail;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('run did not finish');
}

beforeAll(async () => {
  echo = http.createServer((req, res) => {
    hits.push(req.headers.authorization ?? '');
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ headers: req.headers }));
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
  t = await createTestApp();
  admin = await t.loginAs('admin');
  editor = await t.loginAs('editor');
  expect((await admin.post('/api/v1/settings/lookup-allowlist').send({ entry: '127.0.0.1' })).status).toBe(201);
  expect((await admin.put('/api/v1/secrets/CRM_TOKEN').send({ value: TOKEN, hosts: ['crm.example.com'] })).status).toBe(200);
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((r) => echo.close(() => r()));
});

describe('a secret goes only to the hosts it is bound to', () => {
  it('refuses at validation and publish a lookup whose literal host is not bound, and any copy outside URL and headers', async () => {
    const def = probe(`${base}/anything`, [{ id: 'keep', type: 'set', config: { assignments: [{ target: 'vars.t', expression: '$base64encode(secrets.CRM_TOKEN)' }] } }]);
    const validated = await editor.post('/api/v1/flows/validate').send({ definition: def });
    expect(validated.status).toBe(200);
    expect(validated.body.valid).toBe(false);
    const codes = (validated.body.problems as { code: string; path: string; message: string }[]).filter((p) => p.code.startsWith('secret'));
    expect(codes).toEqual([
      expect.objectContaining({ code: 'secret_out_of_place', path: 'nodes[3].config.assignments[0].expression' }),
      { code: 'secret_host_not_bound', path: 'nodes[1].config.headers.Authorization', nodeId: 'grab', severity: 'error',
        message: 'secret "CRM_TOKEN" may only be sent to crm.example.com, not to 127.0.0.1; an admin sets the hosts of a secret (PUT /api/v1/secrets/CRM_TOKEN)' },
    ]);
    const created = await editor.post('/api/v1/flows').send({ name: 'Probe', definition: probe(`${base}/anything`) });
    expect(created.status).toBe(201);
    const published = await editor.post(`/api/v1/flows/${created.body.id}/publish`).send({});
    expect(published.status).toBe(422);
    expect(published.body).toMatchObject({ code: 'FLOW_INVALID', problems: [expect.objectContaining({ code: 'secret_host_not_bound', nodeId: 'grab' })] });
    // a secret that does not exist only warns: publishing is not blocked, the lookup fails clearly
    const unknown = await editor.post('/api/v1/flows/validate').send({ definition: { ...probe('https://crm.example.com/x'), nodes: probe('https://crm.example.com/x').nodes.map((n) =>
      (n.id === 'grab' ? { ...n, config: { ...(n.config as object), headers: { Authorization: '{{ secrets.NOPE }}' } } } : n)) } });
    expect(unknown.body).toMatchObject({ valid: true, problems: [expect.objectContaining({ code: 'unknown_secret', severity: 'warning' })] });
    expect(hits).toEqual([]);
  });

  it('refuses at run time when the host is only known then, or the binding changed after publishing, with the reason in the run log', async () => {
    // The echo is the secret base's own host, but CRM_TOKEN is bound elsewhere: nothing static shows it.
    expect((await admin.put('/api/v1/secrets/ECHO_BASE').send({ value: base })).body.hosts).toEqual(['127.0.0.1']);
    const viaBase = await editor.post('/api/v1/flows').send({ name: 'Via base', definition: probe('{{ secrets.ECHO_BASE }}/anything') });
    expect((await editor.post(`/api/v1/flows/${viaBase.body.id}/publish`).send({})).status).toBe(200);
    const first = await run(viaBase.body.id);
    const step = first.steps.find((s) => s.nodeId === 'grab' && s.type === 'step_left');
    expect(step).toMatchObject({ handle: 'failure', reason: expect.stringContaining('request not sent: secret "CRM_TOKEN" may only be sent to crm.example.com, not to 127.0.0.1') });

    // Bound to the echo when published; the admin narrows the binding afterwards.
    await admin.put('/api/v1/secrets/CRM_TOKEN').send({ value: TOKEN, hosts: ['127.0.0.1'] });
    const direct = await editor.post('/api/v1/flows').send({ name: 'Direct', definition: { ...probe(`${base}/anything`), nodes: probe(`${base}/anything`).nodes.map((n) =>
      (n.type === 'trigger' ? { ...n, config: { keywords: ['LEAK2'], rest: true } } : n)) } });
    expect((await editor.post(`/api/v1/flows/${direct.body.id}/publish`).send({})).status).toBe(200);
    await admin.put('/api/v1/secrets/CRM_TOKEN').send({ value: TOKEN, hosts: ['crm.example.com'] });
    const second = await run(direct.body.id);
    expect(second.steps.find((s) => s.nodeId === 'grab' && s.type === 'step_left')?.reason).toContain('may only be sent to crm.example.com, not to 127.0.0.1');

    expect(hits).toEqual([]);
    const seen = (await everything(first.id)) + (await everything(second.id));
    for (const form of FORMS) expect(seen, form).not.toContain(form);
  });
});
