import type { FlowDto, KeywordClashResponse } from '@moflow/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorChannel } from './conversations/messaging-fixtures';
import { keywordFlow } from './support/flow-fixtures';
import { createTestApp, type Agent, type TestApp } from './support/test-app';

describe('POST /api/v1/flows/keyword-clashes: a keyword another published flow owns, before publishing', () => {
  let t: TestApp;
  let editor: Agent;
  let channelId: string;
  let everywhere: FlowDto;
  let onChannel: FlowDto;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await t.loginAs('editor');
    channelId = (await simulatorChannel(t, { name: 'Pizza line' })).id;
    const publish = async (name: string, keywords: string[], channels: string[]) => {
      const created = await editor.post('/api/v1/flows').send({ name, definition: keywordFlow(keywords, 'hi', channels) });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect((await editor.post(`/api/v1/flows/${created.body.id}/publish`).send({})).status).toBe(200);
      return created.body as FlowDto;
    };
    everywhere = await publish('Pizza order', ['PIZZA'], ['*']);
    onChannel = await publish('Burger deals', ['BURGER'], [channelId]);
  });
  afterAll(async () => {
    await t?.close();
  });

  const check = (body: unknown, agent: Agent = editor) => agent.post('/api/v1/flows/keyword-clashes').send(body as object);

  it('names the published flow and its channel for a keyword it owns, in any case and accent', async () => {
    const res = await check({ keywords: ['pizza', 'SALAD'], channels: ['*'] });
    expect(res.status).toBe(200);
    const body = res.body as KeywordClashResponse;
    expect(body.clashes).toEqual([{
      keyword: 'pizza', channel: '*', flow: { id: everywhere.id, name: 'Pizza order' }, otherChannel: { id: '*', name: null },
      message: '“pizza” already starts the published flow “Pizza order” on every channel.',
    }]);
    const burger = (await check({ keywords: ['Bürger'] })).body as KeywordClashResponse;
    expect(burger.clashes).toHaveLength(1);
    expect(burger.clashes[0]).toMatchObject({ flow: { name: 'Burger deals' }, otherChannel: { id: channelId, name: 'Pizza line' } });
    expect(burger.clashes[0]!.message).toBe('“Bürger” already starts the published flow “Burger deals” on channel “Pizza line”.');
  });

  it('answers no clash for a free keyword, another channel, or the flow\'s own published keywords', async () => {
    expect((await check({ keywords: ['SALAD', 'PIZZAS'] })).body).toEqual({ clashes: [] });
    expect((await check({ keywords: ['BURGER'], channels: ['some-other-channel'] })).body).toEqual({ clashes: [] });
    expect((await check({ keywords: ['PIZZA'], flowId: everywhere.id })).body).toEqual({ clashes: [] });
    expect((await check({ keywords: [] })).body).toEqual({ clashes: [] });
    // An archived flow releases its keywords.
    expect((await editor.post(`/api/v1/flows/${onChannel.id}/archive`).send({})).status).toBe(200);
    expect((await check({ keywords: ['BURGER'] })).body).toEqual({ clashes: [] });
  });

  it('refuses a malformed request with what is wrong and where', async () => {
    const missing = await check({});
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('keywords');
    const notText = await check({ keywords: [42] });
    expect(notText.status).toBe(400);
    expect(JSON.stringify(notText.body)).toContain('each keyword must be text');
    const badFlow = await check({ keywords: ['PIZZA'], flowId: 'nope' });
    expect(badFlow.status).toBe(400);
    expect(JSON.stringify(badFlow.body)).toContain('must be a flow id');
    const badChannels = await check({ keywords: ['PIZZA'], channels: 'ch-a' });
    expect(badChannels.status).toBe(400);
    expect(JSON.stringify(badChannels.body)).toContain('channels');
    expect((await check({ keywords: Array.from({ length: 101 }, (_, i) => `K${i}`) })).status).toBe(400);
  });

  it('is for those who may edit flows: 401 without a session, 403 for ops', async () => {
    expect((await t.http.post('/api/v1/flows/keyword-clashes').send({ keywords: ['PIZZA'] })).status).toBe(401);
    const ops = await t.loginAs('ops');
    const refused = await check({ keywords: ['PIZZA'] }, ops);
    expect(refused.status).toBe(403);
  });
});
