/** POST /api/v1/flows/import on the real app: drafts, dry runs, the report, refusals. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FlowDto, FlowSummaryDto, ImportFlowsResponse, SimulateResponse } from '@moflow/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from './support/test-app';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../libs/flow-import/test/fixtures', name), 'utf8');
const studio = JSON.parse(fixture('studio/signup.json')) as Record<string, unknown>;
const rapidpro = JSON.parse(fixture('rapidpro/coffee-survey.json')) as Record<string, unknown>;

describe('flow import API', () => {
  let t: TestApp;
  let editor: Agent;
  let admin: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await t.loginAs('editor');
    admin = await t.loginAs('admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async () => ((await editor.get('/api/v1/flows')).body as FlowSummaryDto[]).length;

  it('imports a Studio flow as a draft with the report, steps needing attention marked', async () => {
    const res = await editor.post('/api/v1/flows/import').send(studio);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const body = res.body as ImportFlowsResponse;
    expect(body.format).toBe('twilio-studio');
    expect(body.flows).toEqual([{ id: expect.any(String), name: 'Newsletter sign-up', sourceName: 'Newsletter sign-up' }]);
    expect(body.report).toContainEqual({ flow: 'Newsletter sign-up', source: 'save_signup', severity: 'warning', nodeId: 'save_signup',
      message: 'run-function cannot be carried over: a placeholder step passes through its "success" exit.' });
    const flow = (await editor.get(`/api/v1/flows/${body.flows[0]!.id}`)).body as FlowDto;
    expect(flow).toMatchObject({ status: 'draft', publishedVersion: null, description: 'Imported from Twilio Studio: Newsletter sign-up' });
    expect(flow.definition.nodes.find((n) => n.id === 'save_signup')).toMatchObject({ label: 'save_signup', review: expect.stringContaining('run-function') });
  });

  it('imports every flow of a RapidPro export (admin too)', async () => {
    const res = await admin.post('/api/v1/flows/import').send(rapidpro);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ format: 'rapidpro', flows: [{ name: 'Coffee survey', sourceName: 'Coffee survey' }] });
    const flow = (await editor.get(`/api/v1/flows/${(res.body as ImportFlowsResponse).flows[0]!.id}`)).body as FlowDto;
    expect(flow.keywords).toEqual(['coffee', 'java']);
  });

  it('runs the imported Studio sign-up and RapidPro survey in the simulator with the source replies', async () => {
    const simulate = async (exported: object, body: Record<string, unknown>) => {
      const imported = (await editor.post('/api/v1/flows/import').send(exported)).body as ImportFlowsResponse;
      const res = await editor.post(`/api/v1/flows/${imported.flows[0]!.id}/simulate`).send(body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return (res.body as SimulateResponse).transcript.filter((t) => t.direction === 'out').map((t) => t.text);
    };
    expect(await simulate(studio, { script: [{ text: 'hi' }, { text: ' ada ' }, { text: 'News' }], lookups: { lookup_news: [{ status: 200, body: { ref: 'R-1' } }] } })).toEqual([
      'Welcome! You wrote hi. What is your name?', 'Thanks Ada. Which topic: news, sports or weather?', 'You are subscribed to news, Ada. Ref R-1', 'Bye!',
    ]);
    expect(await simulate(rapidpro, { script: [{ text: 'coffee' }, { text: 'maybe' }, { text: 'Yeah sure' }, { text: 'about 3 cups' }],
      contact: { name: 'Ada Lovelace' }, lookups: { webhook_saved: [{ status: 200, body: { id: 'S-9' } }] } })).toEqual([
      'Hi Ada, do you like coffee?\nYes / No', 'Hi Ada, do you like coffee?\nYes / No', 'How many cups a day?', 'ADA LOVELACE: 3 cups, thanks! @coffee', 'Saved as S-9',
    ]);
  });

  it('dry run: 200 with each definition, nothing stored', async () => {
    const before = await count();
    const res = await editor.post('/api/v1/flows/import?dryRun=true').send(studio);
    expect(res.status).toBe(200);
    const body = res.body as ImportFlowsResponse;
    expect(body.flows).toHaveLength(1);
    expect(body.flows[0]).toMatchObject({ name: 'Newsletter sign-up', sourceName: 'Newsletter sign-up', definition: { specVersion: 1 } });
    expect(body.flows[0]).not.toHaveProperty('id');
    expect(body.report.length).toBeGreaterThan(0);
    expect(await count()).toBe(before);
  });

  it('gives a Moflow export back unchanged', async () => {
    const dry = await editor.post('/api/v1/flows/import?dryRun=true').send(studio);
    const definition = (dry.body as ImportFlowsResponse).flows[0]!.definition;
    const res = await editor.post('/api/v1/flows/import').send({ format: 'moflow-flow', version: 1, name: 'Round trip', definition });
    expect(res.status).toBe(201);
    const flow = (await editor.get(`/api/v1/flows/${(res.body as ImportFlowsResponse).flows[0]!.id}`)).body as FlowDto;
    expect(flow.name).toBe('Round trip');
    expect(flow.definition).toEqual(definition);
  });

  it('answers 400 for a body that is not a readable export, saying what was expected', async () => {
    const broken = await editor.post('/api/v1/flows/import').set('Content-Type', 'application/json').send('{"states": [');
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ code: 'MALFORMED_JSON', message: expect.stringMatching(/not valid JSON.*Expected a Twilio Studio flow definition/) });
    const empty = await editor.post('/api/v1/flows/import');
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ code: 'IMPORT_UNREADABLE', message: expect.stringMatching(/body is empty\. Expected a Twilio Studio flow definition .*RapidPro\/TextIt export/) });
    const list = await editor.post('/api/v1/flows/import').send([1, 2]);
    expect(list.status).toBe(400);
    expect(list.body).toMatchObject({ code: 'IMPORT_UNREADABLE', message: expect.stringContaining('Expected a JSON object (the exported flow file), got an array') });
    const flag = await editor.post('/api/v1/flows/import?dryRun=maybe').send(studio);
    expect(flag.status).toBe(400);
    expect(JSON.stringify(flag.body)).toContain('dryRun');
  });

  it('answers 422 for JSON in no known format, naming the formats, and for a too old RapidPro version', async () => {
    const unknown = await editor.post('/api/v1/flows/import').send({ name: 'Zapier export', steps: [] });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'IMPORT_UNKNOWN_FORMAT', message: expect.stringMatching(/Twilio Studio flow definition.*RapidPro\/TextIt export.*Moflow flow export/) });
    const old = await editor.post('/api/v1/flows/import').send({ version: 6, name: 'Old', definition: { action_sets: [], rule_sets: [], entry: null } });
    expect(old.status).toBe(422);
    expect(old.body).toMatchObject({ code: 'IMPORT_UNSUPPORTED_VERSION', message: expect.stringContaining('version 6 is too old') });
  });

  it('refuses ops, anonymous callers and API keys', async () => {
    const before = await count();
    const ops = await t.loginAs('ops');
    expect((await ops.post('/api/v1/flows/import').send(studio)).body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN_ROLE' });
    expect((await ops.post('/api/v1/flows/import?dryRun=true').send(studio)).status).toBe(403);
    expect((await t.http.post('/api/v1/flows/import').send(studio)).status).toBe(401);
    const key = await t.apiKey(['flows:execute', 'flows:read', 'runs:read']);
    const byKey = await t.http.post('/api/v1/flows/import').set('Authorization', `Bearer ${key}`).send(studio);
    expect(byKey.status).toBe(403);
    expect(await count()).toBe(before);
  });
});
