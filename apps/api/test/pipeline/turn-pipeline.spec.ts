import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { InboxMessageEntity, MessageEntity, RunEntity, RunStepEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbound, sendMo, simulatorChannel, type ChannelInfo } from '../conversations/messaging-fixtures';
import { eventually, publishFlow } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let channel: ChannelInfo;
let server: http.Server;
let port = 0;
/** The fake CRM answers slowly for one customer. */
const releaseSlow: (() => void)[] = [];

function crmFlow(): FlowDefinitionInput {
  return {
    specVersion: 1,
    nodes: [
      { id: 'start', type: 'trigger', config: { keywords: ['ORDER'] } },
      { id: 'crm', type: 'lookup', config: { kind: 'http', url: `http://127.0.0.1:${port}/customers/{{ $substring(contact.phone, 1) }}`, retries: 0, timeoutMs: 20_000, mapping: '{ "name": body.name }' } },
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
    const answer = () => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ name: req.url?.endsWith('0001') ? 'Slow' : 'Fast' }));
    if (req.url?.endsWith('14155590001')) releaseSlow.push(answer);
    else answer();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  t = await createTestApp();
  channel = await simulatorChannel(t);
  const admin = await t.loginAs('admin');
  expect((await admin.post('/api/v1/settings/lookup-allowlist').send({ entry: '127.0.0.1', note: 'fake CRM' })).status).toBe(201);
  await publishFlow(t, 'Order', crmFlow());
  await publishFlow(t, 'Ping', {
    specVersion: 1,
    nodes: [{ id: 'start', type: 'trigger', config: { keywords: ['PING'] } }, { id: 'pong', type: 'reply', config: { text: 'PONG {{ message.text }}' } }],
    edges: [{ id: 'e1', source: 'start', target: 'pong' }],
  });
});

afterAll(async () => {
  for (const r of releaseSlow.splice(0)) r();
  await t?.close();
  server?.close();
});

describe(`the batched turn pipeline (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it('a slow lookup holds only its own contact: others are answered meanwhile, and its own later MOs keep their order', async () => {
    const slow = '+14155590001';
    expect((await sendMo(t, channel.id, slow, 'ORDER')).status).toBe(200);
    await eventually(async () => releaseSlow.length > 0, 'the slow lookup to reach the CRM');
    // Same contact, later: must wait for the lookup. Other contacts: must not.
    expect((await sendMo(t, channel.id, slow, 'PING after')).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await sendMo(t, channel.id, `+1415559010${i}`, 'ORDER')).status).toBe(200);
    for (let i = 0; i < 5; i++) await eventually(async () => (await outbound(t, `+1415559010${i}`)).find((m) => m.text === 'Hi Fast'), `the fast reply ${i}`);
    expect(await outbound(t, slow)).toEqual([]);
    const ds = t.app.get(DataSource);
    expect(await ds.getRepository(InboxMessageEntity).countBy({ from: slow, status: 'stored' })).toBe(2);

    releaseSlow.shift()!();
    const texts = await eventually(async () => {
      const rows = await outbound(t, slow);
      return rows.length >= 2 ? rows.map((m) => m.text) : null;
    }, 'both replies of the slow contact');
    expect(texts).toEqual(['Hi Slow', 'PONG PING after']);
  });

  it('a burst of concurrent webhooks is stored, handled once each, with run-log numbers from the run row', async () => {
    const phones = Array.from({ length: 60 }, (_, i) => `+1415559${String(2000 + i)}`);
    const results = await Promise.all(phones.map((p, i) => sendMo(t, channel.id, p, `PING ${i}`, `burst-${i}`)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    // A provider retrying every one of them changes nothing.
    const retries = await Promise.all(phones.map((p, i) => sendMo(t, channel.id, p, `PING ${i}`, `burst-${i}`)));
    expect(retries.every((r) => r.status === 200)).toBe(true);
    const ds = t.app.get(DataSource);
    const runs = await eventually(async () => {
      const rows = await ds.getRepository(RunEntity).find({ where: phones.map((contactPhone) => ({ contactPhone })) });
      return rows.length === phones.length && rows.every((r) => r.status === 'completed') ? rows : null;
    }, 'a completed run per contact');
    for (const run of runs) {
      const steps = await ds.getRepository(RunStepEntity).find({ where: { runId: run.id }, order: { seq: 'ASC' } });
      expect(steps.map((s) => s.seq)).toEqual(steps.map((_, i) => i));
      expect(run.nextSeq).toBe(steps.length);
    }
    expect(await ds.getRepository(InboxMessageEntity).count({ where: phones.map((from) => ({ from, status: 'handled' })) })).toBe(phones.length);
    const replies = await ds.getRepository(MessageEntity).find({ where: phones.map((to) => ({ to, direction: 'out' as const })) });
    expect(replies).toHaveLength(phones.length);
  });
});
