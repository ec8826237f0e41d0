import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessageEntity, UserEntity } from '@moflow/data-access';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { FakeTwilioServer } from '@moflow/providers/testing';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, publishFlow } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { createChannel, type ChannelInfo } from '../conversations/messaging-fixtures';

const PUBLIC_URL = 'http://moflow.example.com';
const SID = 'AC' + 'b'.repeat(32);
const TOKEN = 'twilio-auth-token-456';
const HELPDESK_SECRET = 'helpdesk-secret-0123456789';
const PHONE = '+14155556001';

let t: TestApp;
let ds: DataSource;
let fake: FakeTwilioServer;
let channel: ChannelInfo;
let helpdesk: Server;
let allowEntryId = '';
const helpdeskHits: Array<{ body: string; signature: string | undefined; status: number }> = [];

const agentFlow: FlowDefinitionInput = {
  specVersion: 1,
  nodes: [
    { id: 'start', type: 'trigger', config: { keywords: ['AGENT'] } },
    { id: 'ticket', type: 'ticket', config: { subject: 'Callback for {{ contact.phone }}', body: 'Asked for a person: {{ message.text }}', team: 'care', priority: 'high', forward: true } },
    { id: 'ack', type: 'reply', config: { text: 'A person will text you shortly.' } },
    { id: 'done', type: 'end', config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'ticket' },
    { id: 'e2', source: 'ticket', target: 'ack' },
    { id: 'e3', source: 'ack', target: 'done' },
  ],
};

function twilioPost(url: string, params: Record<string, string>) {
  return t.http.post(new URL(url).pathname).type('form').set('X-Twilio-Signature', getExpectedTwilioSignature(TOKEN, url, params)).send(params);
}
let moSeq = 0;
const mo = (text: string) => twilioPost(channel.webhookUrl, { MessageSid: `SM${String(++moSeq).padStart(32, '0')}`, AccountSid: SID, From: PHONE, To: '+14155550100', Body: text });

beforeAll(async () => {
  // A helpdesk that fails the first delivery with 500, then accepts.
  helpdesk = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = helpdeskHits.length === 0 ? 500 : 204;
      helpdeskHits.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers['x-moflow-signature'] as string | undefined, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => helpdesk.listen(0, '127.0.0.1', r));
  fake = new FakeTwilioServer(SID, TOKEN);
  await fake.start();
  t = await createTestApp({ env: {
    PUBLIC_URL, HELPDESK_WEBHOOK_URL: `http://127.0.0.1:${(helpdesk.address() as AddressInfo).port}/hooks/moflow`, HELPDESK_WEBHOOK_SECRET: HELPDESK_SECRET,
  } });
  ds = t.app.get(DataSource);
  // The helpdesk URL goes through the lookups' address policy: this local fake is allowed explicitly.
  const allowed = await (await t.loginAs('admin')).post('/api/v1/settings/lookup-allowlist').send({ entry: '127.0.0.1', note: 'test helpdesk' });
  expect(allowed.status).toBe(201);
  allowEntryId = allowed.body.id as string;
  channel = await createChannel(t, { name: 'Care', provider: 'twilio', address: '+14155550100', connection: { accountSid: SID, baseUrl: fake.baseUrl }, credentials: { authToken: TOKEN } });
  await publishFlow(t, 'Agent', agentFlow);
});
afterAll(async () => {
  await t?.close();
  await fake?.stop();
  await new Promise((r) => helpdesk?.close(r));
});

describe(`tickets (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it('a flow opens a ticket, the thread collects the contact’s messages, an ops user answers and the answer is delivered', async () => {
    expect((await mo('agent please')).status).toBe(200);
    const ops = await t.loginAs('ops');
    const [ticket] = await eventually(async () => {
      const list = (await ops.get('/api/v1/tickets?status=open')).body.items as Array<Record<string, unknown>>;
      return list.length ? list : null;
    }, 'the ticket');
    expect(ticket).toMatchObject({ subject: `Callback for ${PHONE}`, body: 'Asked for a person: agent please', team: 'care', priority: 'high', status: 'open', contactPhone: PHONE, channelId: channel.id });
    const id = ticket!['id'] as string;

    expect((await mo('my router is broken')).status).toBe(200);
    await eventually(async () => ((await ops.get(`/api/v1/tickets/${id}`)).body as { thread: unknown[] }).thread.length === 1, 'the MO in the thread');

    const opsUser = await ds.getRepository(UserEntity).findOneByOrFail({ role: 'ops' });
    const assigned = await ops.patch(`/api/v1/tickets/${id}`).send({ assigneeId: opsUser.id, status: 'pending' });
    expect(assigned.body).toMatchObject({ assigneeId: opsUser.id, status: 'pending' });
    expect((await ops.get(`/api/v1/tickets?assigneeId=${opsUser.id}`)).body.items).toHaveLength(1);

    const reply = await ops.post(`/api/v1/tickets/${id}/replies`).send({ text: 'Hi, this is Sam from care. Restart the router?' });
    expect(reply.status).toBe(201);
    const messageId = reply.body.messageId as string;
    await eventually(async () => fake.messages.some((m) => m.get('Body') === 'Hi, this is Sam from care. Restart the router?'), 'the ops reply at Twilio');
    const sent = await eventually(async () => (await ds.getRepository(MessageEntity).findOneBy({ id: messageId, status: 'sent' })), 'the reply sent');
    const dlr = await twilioPost(channel.statusUrl, { MessageSid: sent.providerMessageId!, MessageStatus: 'delivered' });
    expect(dlr.status).toBe(200);
    expect((await ds.getRepository(MessageEntity).findOneByOrFail({ id: messageId })).status).toBe('delivered');

    const detail = (await ops.get(`/api/v1/tickets/${id}`)).body as { thread: Array<{ direction: string; text: string; authorId: string | null; messageStatus: string | null }> };
    expect(detail.thread.map((e) => [e.direction, e.text])).toEqual([['in', 'my router is broken'], ['out', 'Hi, this is Sam from care. Restart the router?']]);
    // The inbox shows the reply's delivery status beside it.
    expect(detail.thread[1]!.messageStatus).toBe('delivered');
    const assignees = (await ops.get('/api/v1/tickets/assignees')).body as Array<{ id: string }>;
    expect(assignees.map((a) => a.id)).toContain(opsUser.id);
    expect((await (await t.loginAs('editor')).get('/api/v1/tickets/assignees')).status).toBe(403);
    expect(detail.thread[1]!.authorId).toBe(opsUser.id);

    const closed = await ops.patch(`/api/v1/tickets/${id}`).send({ status: 'closed' });
    expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    const late = await ops.post(`/api/v1/tickets/${id}/replies`).send({ text: 'one more thing' });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'TICKET_CLOSED' });
  });

  it('forwards the ticket to the helpdesk webhook, HMAC-signed, retrying after a failure', async () => {
    await eventually(async () => helpdeskHits.length >= 2, 'the retried helpdesk delivery', 8_000);
    expect(helpdeskHits.map((h) => h.status)).toEqual([500, 204]);
    for (const hit of helpdeskHits) {
      expect(hit.signature).toBe('sha256=' + createHmac('sha256', HELPDESK_SECRET).update(hit.body).digest('hex'));
      expect(JSON.parse(hit.body)).toMatchObject({ event: 'ticket.opened', ticket: { subject: `Callback for ${PHONE}`, priority: 'high', contactPhone: PHONE } });
    }
    const [ticket] = (await (await t.loginAs('ops')).get('/api/v1/tickets')).body.items as Array<{ forwardStatus: string }>;
    expect(ticket!.forwardStatus).toBe('delivered');
  });

  it('refuses bad input with the field named, and editors are not ops', async () => {
    const ops = await t.loginAs('ops');
    const [ticket] = (await ops.get('/api/v1/tickets')).body.items as Array<{ id: string }>;
    const bad = await ops.patch(`/api/v1/tickets/${ticket!.id}`).send({ status: 'solved' });
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0]).toMatchObject({ path: 'status', message: 'must be one of open, pending, closed' });
    const empty = await ops.post(`/api/v1/tickets/${ticket!.id}/replies`).send({ text: '' });
    expect(empty.body.problems[0]).toMatchObject({ path: 'text' });
    expect((await ops.get('/api/v1/tickets/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await (await t.loginAs('editor')).get('/api/v1/tickets')).status).toBe(403);
  });

  it('sends nothing to a helpdesk URL on a private address once it is not allow-listed (same policy as lookups)', async () => {
    expect((await (await t.loginAs('admin')).delete(`/api/v1/settings/lookup-allowlist/${allowEntryId}`)).status).toBe(204);
    const before = helpdeskHits.length;
    const ops = await t.loginAs('ops');
    const count = ((await ops.get('/api/v1/tickets')).body.items as unknown[]).length;
    await twilioPost(channel.webhookUrl, { MessageSid: `SM${'9'.repeat(32)}`, AccountSid: SID, From: '+14155556002', To: '+14155550100', Body: 'agent please' });
    const [newest] = await eventually(async () => {
      const items = (await ops.get('/api/v1/tickets')).body.items as Array<{ id: string; forwardStatus: string; forwardAttempts?: number }>;
      return items.length > count ? items : null;
    }, 'the second ticket');
    // The forwarder ticks every 500 ms and retries after 1 s: give it the first attempt and one retry.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(helpdeskHits.length).toBe(before);
    const after = ((await ops.get('/api/v1/tickets')).body.items as Array<{ id: string; forwardStatus: string }>).find((x) => x.id === newest!.id);
    expect(after?.forwardStatus).not.toBe('delivered');
  }, 20_000);
});
