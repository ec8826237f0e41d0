import type { FlowDto, FlowSummaryDto } from '@moflow/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keywordFlow } from './support/flow-fixtures';
import { createTestApp, type Agent, type TestApp } from './support/test-app';

describe('flows list: archived flows hidden unless asked for; duplicate', () => {
  let t: TestApp;
  let editor: Agent;
  beforeAll(async () => {
    t = await createTestApp();
    editor = await t.loginAs('editor');
  });
  afterAll(async () => {
    await t?.close();
  });

  const create = async (name: string, keywords: string[]) => {
    const res = await editor.post('/api/v1/flows').send({ name, definition: keywordFlow(keywords) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as FlowDto;
  };
  const names = async (query = '') => ((await editor.get(`/api/v1/flows${query}`)).body as FlowSummaryDto[]).map((f) => f.name);

  it('leaves archived flows out of the list unless ?includeArchived=true or ?status=archived', async () => {
    const kept = await create('Kept flow', ['KEPT']);
    const old = await create('Old promo', ['OLDPROMO']);
    expect((await editor.post(`/api/v1/flows/${old.id}/publish`).send({})).status).toBe(200);
    expect((await editor.post(`/api/v1/flows/${old.id}/archive`).send({})).status).toBe(200);

    expect(await names()).toContain(kept.name);
    expect(await names()).not.toContain('Old promo');
    expect(await names('?includeArchived=true')).toEqual(expect.arrayContaining(['Kept flow', 'Old promo']));
    expect(await names('?status=archived')).toEqual(['Old promo']);
    // Still readable by id: runs refer to it.
    expect((await editor.get(`/api/v1/flows/${old.id}`)).body).toMatchObject({ status: 'archived' });
  });

  it('refuses a bad includeArchived with where and what', async () => {
    const res = await editor.get('/api/v1/flows?includeArchived=yes');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('includeArchived');
    expect(JSON.stringify(res.body)).toContain('must be true or false');
  });

  it('duplicates a flow as a new draft with its definition and tests', async () => {
    const source = await create('Pizza order', ['PIZZADUP']);
    const tests = [{ id: 't1', name: 'hello', script: [{ text: 'PIZZADUP' }], expect: [{ text: 'Hello!' }] }];
    expect((await editor.put(`/api/v1/flows/${source.id}`).send({ baseRevision: source.revision, tests })).status).toBe(200);
    expect((await editor.post(`/api/v1/flows/${source.id}/publish`).send({})).status).toBe(200);

    const res = await editor.post(`/api/v1/flows/${source.id}/duplicate`).send({});
    expect(res.status).toBe(201);
    const copy = res.body as FlowDto;
    expect(copy).toMatchObject({ name: 'Copy of Pizza order', status: 'draft', publishedVersion: null, keywords: ['PIZZADUP'] });
    expect(copy.id).not.toBe(source.id);
    expect(copy.definition).toEqual((await editor.get(`/api/v1/flows/${source.id}`)).body.definition);
    expect(copy.tests).toEqual([expect.objectContaining({ id: 't1', name: 'hello' })]);

    const named = await editor.post(`/api/v1/flows/${source.id}/duplicate`).send({ name: 'Pizza (spring)' });
    expect(named.body.name).toBe('Pizza (spring)');
  });

  it('refuses to duplicate with an empty name, an unknown flow, or as ops', async () => {
    const source = await create('Source', ['SRCDUP']);
    const empty = await editor.post(`/api/v1/flows/${source.id}/duplicate`).send({ name: '' });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('must not be empty');
    expect((await editor.post('/api/v1/flows/00000000-0000-4000-8000-000000000000/duplicate').send({})).status).toBe(404);
    expect((await editor.post('/api/v1/flows/not-a-uuid/duplicate').send({})).status).toBe(404);
    expect((await (await t.loginAs('ops')).post(`/api/v1/flows/${source.id}/duplicate`).send({})).status).toBe(403);
    expect((await t.http.post(`/api/v1/flows/${source.id}/duplicate`).send({})).status).toBe(401);
  });

  it('refuses an empty flow name on create', async () => {
    const res = await editor.post('/api/v1/flows').send({ name: '' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('must not be empty');
  });
});
