import type { ContactDto, MessageDto, Page } from '@moflow/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, publishFlow } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { joinFlow, outboundSettled, sendMo, simulatorChannel, type ChannelInfo } from '../conversations/messaging-fixtures';

let t: TestApp;
let channel: ChannelInfo;
let joinFlowId: string;

beforeAll(async () => {
  t = await createTestApp();
  channel = await simulatorChannel(t, { defaultRegion: 'GB' });
  joinFlowId = await publishFlow(t, 'Join', joinFlow());
});
afterAll(async () => { await t?.close(); });

async function contactByPhone(phone: string): Promise<ContactDto> {
  const ops = await t.loginAs('ops');
  return eventually(async () => ((await ops.get(`/api/v1/contacts?phone=${encodeURIComponent(phone)}`)).body as Page<ContactDto>).items[0], phone);
}

describe(`ops console lists (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it('lists messages with contact, routing rule and provider id, in keyset pages', async () => {
    const phone = '+447700900101';
    await sendMo(t, channel.id, phone, 'JOIN', 'prov-join-1');
    await outboundSettled(t, phone, 1);
    await sendMo(t, channel.id, phone, 'A-4711', 'prov-answer-2');
    await outboundSettled(t, phone, 2);
    const contact = await contactByPhone(phone);
    const ops = await t.loginAs('ops');
    const all = await eventually(async () => {
      const page = (await ops.get(`/api/v1/messages?contactId=${contact.id}`)).body as Page<MessageDto>;
      return page.items.length === 4 && page.items.every((m) => m.direction === 'out' || m.rule) ? page : null;
    }, 'four routed messages');
    expect(all.items.map((m) => [m.direction, m.text, m.contactId])).toEqual([
      ['out', 'Got it: A-4711', contact.id], ['in', 'A-4711', contact.id], ['out', 'Welcome! What is your order number?', contact.id], ['in', 'JOIN', contact.id],
    ]);
    const [, answer, , join] = all.items;
    expect(join).toMatchObject({ rule: 'keyword', providerMessageId: 'prov-join-1', provider: 'simulator', status: 'handled', runId: expect.any(String) });
    expect(answer).toMatchObject({ rule: 'waiting_session', providerMessageId: 'prov-answer-2', runId: join!.runId });
    expect(all.items[0]).toMatchObject({ rule: null, runId: join!.runId, status: expect.stringMatching(/^(sent|delivered)$/) });

    // Two rows a page: the second page starts where the first ended, the last has no cursor.
    const p1 = (await ops.get(`/api/v1/messages?contactId=${contact.id}&limit=2`)).body as Page<MessageDto>;
    const p2 = (await ops.get(`/api/v1/messages?contactId=${contact.id}&limit=2&cursor=${p1.nextCursor}`)).body as Page<MessageDto>;
    expect([...p1.items, ...p2.items].map((m) => m.id)).toEqual(all.items.map((m) => m.id));
    expect(p2.nextCursor).toBeNull();
    const byRule = (await ops.get(`/api/v1/messages?rule=waiting_session&contactId=${contact.id}`)).body as Page<MessageDto>;
    expect(byRule.items.map((m) => m.text)).toEqual(['A-4711']);
    const single = await ops.get(`/api/v1/messages/${answer!.id}`);
    expect(single.body).toMatchObject({ id: answer!.id, rule: 'waiting_session' });
  });

  it('refuses bad filters with the field named', async () => {
    const ops = await t.loginAs('ops');
    const cases: Array<[string, string]> = [
      ['/api/v1/messages?cursor=nonsense', 'cursor'], ['/api/v1/messages?rule=guess', 'rule'], ['/api/v1/messages?direction=sideways', 'direction'],
      ['/api/v1/messages?unhandled=maybe', 'unhandled'], ['/api/v1/contacts?phone=hello%20there', 'phone'], ['/api/v1/contacts?region=GBR', 'region'],
      ['/api/v1/consent?action=maybe', 'action'], ['/api/v1/tickets?assigneeId=bob', 'assigneeId'], ['/api/v1/tickets?cursor=%7B', 'cursor'],
      ['/api/v1/messages?limit=0', 'limit'],
    ];
    for (const [url, path] of cases) {
      const res = await ops.get(url);
      expect(res.status, url).toBe(400);
      expect(res.body.problems?.[0]?.path, url).toBe(path);
    }
    expect((await ops.get('/api/v1/messages/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('finds a contact by any format of the number a person types, or by name', async () => {
    const phone = '+447700900123';
    await sendMo(t, channel.id, phone, 'hello?');
    const contact = await contactByPhone(phone);
    const ops = await t.loginAs('ops');
    await ops.patch(`/api/v1/contacts/${contact.id}`).send({ name: 'Grace Hopper' }).expect(200);
    for (const typed of ['+44 7700 900123', '0044 7700 900123', '07700 900123', '(07700) 900-123', '+44 (0) 7700 900123']) {
      const page = (await ops.get(`/api/v1/contacts?phone=${encodeURIComponent(typed)}`)).body as Page<ContactDto>;
      expect(page.items.map((c) => c.id), typed).toEqual([contact.id]);
    }
    expect(((await ops.get('/api/v1/contacts?phone=415-555-0000&region=US')).body as Page<ContactDto>).items).toEqual([]);
    expect(((await ops.get('/api/v1/contacts?q=grace')).body as Page<ContactDto>).items.map((c) => c.id)).toEqual([contact.id]);
    expect(((await ops.get('/api/v1/contacts?q=7700 900 123')).body as Page<ContactDto>).items.map((c) => c.id)).toEqual([contact.id]);
    expect(((await ops.get('/api/v1/contacts?q=100%25')).body as Page<ContactDto>).items).toEqual([]);

    const first = (await ops.get('/api/v1/contacts?limit=1')).body as Page<ContactDto>;
    expect(first.items).toHaveLength(1);
    const rest = (await ops.get(`/api/v1/contacts?limit=50&cursor=${first.nextCursor}`)).body as Page<ContactDto>;
    expect(rest.items.map((c) => c.id)).not.toContain(first.items[0]!.id);
    expect((await (await t.loginAs('editor')).get('/api/v1/contacts')).status).toBe(403);
  });

  it('starts a flow for the sender of an unhandled message (ops), and refuses editors and MTs', async () => {
    const phone = '+447700900555';
    await sendMo(t, channel.id, phone, 'what is this?');
    const ops = await t.loginAs('ops');
    const unhandled = await eventually(async () => ((await ops.get('/api/v1/messages?unhandled=true')).body as Page<MessageDto>).items.find((m) => m.from === phone), 'unhandled');
    expect(unhandled).toMatchObject({ rule: 'unhandled', status: 'unhandled' });
    expect((await (await t.loginAs('editor')).post(`/api/v1/messages/${unhandled.id}/start-flow`).send({ flowId: joinFlowId })).status).toBe(403);
    const bad = await ops.post(`/api/v1/messages/${unhandled.id}/start-flow`).send({ flowId: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0]).toMatchObject({ path: 'flowId' });
    const started = await ops.post(`/api/v1/messages/${unhandled.id}/start-flow`).send({ flowId: joinFlowId });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ flowId: joinFlowId, runId: expect.any(String) });
    const [welcome] = await outboundSettled(t, phone, 1);
    expect(welcome).toMatchObject({ text: 'Welcome! What is your order number?', runId: started.body.runId, channelId: channel.id });
    const mt = await ops.post(`/api/v1/messages/${welcome!.id}/start-flow`).send({ flowId: joinFlowId });
    expect(mt.status).toBe(400);
  });

  it('pages the consent log newest first and filters tickets by the unassigned', async () => {
    const phone = '+447700900777';
    await sendMo(t, channel.id, phone, 'STOP');
    await sendMo(t, channel.id, phone, 'START');
    await outboundSettled(t, phone, 2);
    const contact = await contactByPhone(phone);
    const ops = await t.loginAs('ops');
    const p1 = (await ops.get(`/api/v1/consent?contactId=${contact.id}&limit=1`)).body as Page<{ action: string }>;
    expect(p1.items.map((e) => e.action)).toEqual(['opt_in']);
    const p2 = (await ops.get(`/api/v1/consent?contactId=${contact.id}&limit=1&cursor=${p1.nextCursor}`)).body as Page<{ action: string }>;
    expect(p2.items.map((e) => e.action)).toEqual(['opt_out']);
    expect((await ops.get(`/api/v1/consent?contactId=${contact.id}&action=opt_out`)).body.items).toHaveLength(1);
    expect((await ops.get('/api/v1/tickets?assigneeId=none')).body).toEqual({ items: [], nextCursor: null });
    expect((await ops.get('/api/v1/tickets/teams')).body).toEqual([]);
  });
});
