import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ContactEntity, EventDeliveryEntity, MessageEntity } from '@moflow/data-access';
import { FakeTwilioServer } from '@moflow/providers/testing';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { DataSource, MoreThanOrEqual } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, publishFlow } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { createChannel, sendMo, simulatorChannel, type ChannelInfo } from '../conversations/messaging-fixtures';

const SECRET = 'event-signing-secret-123';

interface Received { headers: IncomingHttpHeaders; body: string; json: { id: string; type: string; createdAt: string; data: Record<string, unknown> } }

/** The business's endpoint: a real HTTP server that records what arrives and answers `plan` statuses in turn (then 200). */
class Receiver {
  readonly got: Received[] = [];
  plan: number[] = [];
  private server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const status = this.plan.shift() ?? 200;
      if (status === 200) this.got.push({ headers: req.headers, body, json: JSON.parse(body) as Received['json'] });
      res.writeHead(status).end();
    });
  });
  url = '';
  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }
  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
  of(type: string): Received[] {
    return this.got.filter((g) => g.json.type === type);
  }
}

let t: TestApp;
let ds: DataSource;
let channel: ChannelInfo;
const receiver = new Receiver();
/** The allow-list entry that lets the receiver on 127.0.0.1 be reached (the lookups' address policy). */
let allowEntryId = '';

beforeAll(async () => {
  await receiver.start();
  t = await createTestApp();
  ds = t.app.get(DataSource);
  channel = await simulatorChannel(t);
  const allowed = await (await t.loginAs('admin')).post('/api/v1/settings/lookup-allowlist').send({ entry: '127.0.0.1', note: 'test receiver' });
  expect(allowed.status).toBe(201);
  allowEntryId = allowed.body.id as string;
  await publishFlow(t, 'Hello', { specVersion: 1, nodes: [
    { id: 'start', type: 'trigger', config: { keywords: ['HELLO'] } },
    { id: 'hi', type: 'reply', config: { text: 'Hi there' } },
    { id: 'done', type: 'end', config: {} },
  ], edges: [{ id: 'e1', source: 'start', target: 'hi' }, { id: 'e2', source: 'hi', target: 'done' }] });
});
afterAll(async () => {
  await t?.close();
  await receiver.stop();
});

describe(`event subscriptions (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  let subId = '';

  it('are for admins only, and say what is wrong with a subscription', async () => {
    expect((await t.http.get('/api/v1/event-subscriptions')).status).toBe(401);
    const ops = await t.loginAs('ops');
    expect((await ops.get('/api/v1/event-subscriptions')).status).toBe(403);
    expect((await ops.post('/api/v1/event-subscriptions').send({ name: 'x', url: receiver.url, secret: SECRET, events: ['run.completed'] })).status).toBe(403);
    const admin = await t.loginAs('admin');
    const bad = await admin.post('/api/v1/event-subscriptions').send({ name: '', url: 'ftp://crm', secret: 'short', events: ['run.finished'], extra: 1 });
    expect(bad.status).toBe(400);
    expect((bad.body.problems as Array<{ path: string }>).map((p) => p.path).sort()).toEqual(['events', 'extra', 'name', 'secret', 'url'].sort());
    expect((await admin.post('/api/v1/event-subscriptions').send({ name: 'x', url: receiver.url, secret: SECRET, events: [] })).body.problems[0].path).toBe('events');
    expect((await admin.get('/api/v1/event-subscriptions/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await admin.get('/api/v1/event-subscriptions/nope/deliveries')).status).toBe(404);
  });

  it('POSTs each event of a conversation as signed JSON: message.received, run.completed, message.status, contact.opted_out', async () => {
    const admin = await t.loginAs('admin');
    const created = await admin.post('/api/v1/event-subscriptions').send({
      name: 'CRM', url: receiver.url, secret: SECRET, events: ['message.received', 'message.status', 'run.completed', 'run.failed', 'ticket.opened', 'contact.opted_out'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'CRM', url: receiver.url, active: true, deliveries: { pending: 0, delivered: 0, failed: 0 } });
    expect(JSON.stringify(created.body)).not.toContain(SECRET);
    subId = created.body.id as string;

    const phone = '+14155550610';
    expect((await sendMo(t, channel.id, phone, 'hello')).status).toBe(200);
    await eventually(async () => receiver.of('message.received').length >= 1 && receiver.of('run.completed').length >= 1 && receiver.of('message.status').length >= 1, 'the three events');
    const mo = receiver.of('message.received')[0]!;
    expect(mo.json.data).toMatchObject({ from: phone, to: channel.address, text: 'hello', channelId: channel.id, rule: 'keyword' });
    expect(receiver.of('run.completed')[0]!.json.data).toMatchObject({ flowName: 'Hello', status: 'completed', contactPhone: phone, channelId: channel.id });
    expect(receiver.of('message.status')[0]!.json.data).toMatchObject({ status: 'sent', channelId: channel.id });
    for (const r of receiver.got) {
      // What a receiver does (docs/webhooks.md): HMAC-SHA256 of the raw body with the secret.
      expect(r.headers['x-moflow-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`);
      expect(r.headers['x-moflow-event']).toBe(r.json.type);
      expect(r.headers['x-moflow-event-id']).toBe(r.json.id);
      expect(r.headers['content-type']).toBe('application/json');
    }

    expect((await sendMo(t, channel.id, phone, 'STOP')).status).toBe(200);
    await eventually(async () => receiver.of('contact.opted_out').length >= 1, 'the keyword opt-out');
    expect(receiver.of('contact.opted_out')[0]!.json.data).toMatchObject({ phone, channelId: channel.id, source: 'keyword', keyword: 'STOP' });

    // An operator's opt-out of another contact is an event too.
    const other = '+14155550611';
    await sendMo(t, channel.id, other, 'hello');
    const contact = await eventually(() => ds.getRepository(ContactEntity).findOneBy({ phone: other }), 'the second contact');
    expect((await admin.put(`/api/v1/contacts/${contact.id}/channels/${channel.id}/opt-out`).send({ optedOut: true })).status).toBe(200);
    await eventually(async () => receiver.of('contact.opted_out').some((r) => r.json.data['phone'] === other), 'the operator opt-out');
    expect(receiver.of('contact.opted_out').find((r) => r.json.data['phone'] === other)!.json.data).toMatchObject({ source: 'api', keyword: null });

    // The receiver has the last POST before the sender records its answer: wait for the log to say so.
    type Delivery = { status: string; eventType: string; attempts: number };
    const log = await eventually(async () => {
      const rows = (await admin.get(`/api/v1/event-subscriptions/${subId}/deliveries`)).body as Delivery[];
      return rows.length === receiver.got.length && rows.every((d) => d.status !== 'pending') ? rows : null;
    }, 'every delivery recorded');
    expect(log.length).toBe(receiver.got.length);
    expect(log.every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
  });

  it('retries a failing endpoint with backoff until it answers, and the delivery log shows the attempts and the last error', async () => {
    const admin = await t.loginAs('admin');
    receiver.plan = [500, 503];
    const test = await admin.post(`/api/v1/event-subscriptions/${subId}/test`);
    expect(test.status).toBe(202);
    const pending = await eventually(async () => {
      const d = ((await admin.get(`/api/v1/event-subscriptions/${subId}/deliveries?status=pending`)).body as Array<{ id: string; attempts: number; lastError: string | null; lastStatus: number | null }>)
        .find((x) => x.id === test.body.deliveryId);
      return d && d.attempts >= 1 ? d : null;
    }, 'the first failed attempt');
    expect(pending).toMatchObject({ lastStatus: 500, lastError: 'answered HTTP 500' });
    await eventually(async () => receiver.of('test').length === 1, 'the test event after two failures', 20_000);
    const done = ((await admin.get(`/api/v1/event-subscriptions/${subId}/deliveries`)).body as Array<{ id: string; status: string; attempts: number; lastStatus: number }>)
      .find((x) => x.id === test.body.deliveryId);
    expect(done).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200 });
    expect(receiver.of('test')[0]!.json.data).toMatchObject({ subscriptionId: subId });
    const metrics = (await admin.get('/metrics')).text;
    expect(Number(/moflow_event_delivery_attempts_total\{outcome="retry"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(2);
    expect(Number(/moflow_event_delivery_attempts_total\{outcome="delivered"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
    expect(metrics).toMatch(/moflow_event_deliveries_pending \d+/);
  });

  it('message.status follows the delivery reports: sent, then delivered from the provider\'s status callback', async () => {
    const SID = 'AC' + 'f'.repeat(32);
    const TOKEN = 'twilio-token-events';
    const fake = new FakeTwilioServer(SID, TOKEN);
    await fake.start();
    try {
      const twilio = await createChannel(t, { name: 'Twilio', provider: 'twilio', address: '+14155550620', defaultRegion: 'US', connection: { accountSid: SID, baseUrl: fake.baseUrl }, credentials: { authToken: TOKEN } });
      const params = { MessageSid: 'SM' + '7'.repeat(32), AccountSid: SID, From: '+14155550621', To: '+14155550620', Body: 'hello' };
      const signed = (url: string, p: Record<string, string>) => t.http.post(url.slice(new URL(url).origin.length)).type('form').set('X-Twilio-Signature', getExpectedTwilioSignature(TOKEN, url, p)).send(p);
      expect((await signed(twilio.webhookUrl, params)).status).toBe(200);
      const sent = await eventually(async () => receiver.of('message.status').find((r) => r.json.data['channelId'] === twilio.id && r.json.data['status'] === 'sent'), 'message.status sent');
      const sid = sent.json.data['providerMessageId'] as string;
      expect(sid).toMatch(/^SM[0-9a-f]{32}$/);
      expect((await signed(twilio.statusUrl, { MessageSid: sid, MessageStatus: 'delivered', AccountSid: SID })).status).toBe(200);
      const delivered = await eventually(async () => receiver.of('message.status').find((r) => r.json.data['id'] === sent.json.data['id'] && r.json.data['status'] === 'delivered'), 'message.status delivered');
      expect(delivered.json.data).toMatchObject({ providerMessageId: sid, channelId: twilio.id, detail: 'delivered' });
    } finally {
      await fake.stop();
    }
  });

  it('a paused subscription gets no new events; deleting it removes its log', async () => {
    const admin = await t.loginAs('admin');
    const pausedAt = Date.now();
    expect((await admin.patch(`/api/v1/event-subscriptions/${subId}`).send({ active: false, events: ['message.received'] })).body).toMatchObject({ active: false, events: ['message.received'] });
    const before = receiver.got.length;
    await sendMo(t, channel.id, '+14155550612', 'hello');
    await eventually(async () => (await ds.getRepository(MessageEntity).countBy({ to: '+14155550612', direction: 'out', status: 'sent' })) === 1, 'the MO handled and answered');
    await new Promise((r) => setTimeout(r, 800));
    expect(receiver.got.length).toBe(before);
    // nothing new was queued for it (a delivery of an earlier test's event may still be pending on a busy machine)
    expect(await ds.getRepository(EventDeliveryEntity).countBy({ subscriptionId: subId, createdAt: MoreThanOrEqual(pausedAt) })).toBe(0);
    expect((await admin.delete(`/api/v1/event-subscriptions/${subId}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/event-subscriptions/${subId}/deliveries`)).status).toBe(404);
  });

  it("goes through the lookups' address policy: internal URLs refused at create and update (400 naming url), and at delivery once not allowed", async () => {
    const admin = await t.loginAs('admin');
    const metadata = await admin.post('/api/v1/event-subscriptions').send({ name: 'Meta', url: 'http://169.254.169.254/latest', secret: SECRET, events: ['run.completed'] });
    expect(metadata.status).toBe(400);
    expect(metadata.body.problems).toEqual([expect.objectContaining({ path: 'url', message: expect.stringContaining('169.254.169.254 is refused (linkLocal address)') })]);
    const created = await admin.post('/api/v1/event-subscriptions').send({ name: 'Local CRM', url: receiver.url, secret: SECRET, events: ['run.completed'] });
    expect(created.status).toBe(201);
    const moved = await admin.patch(`/api/v1/event-subscriptions/${created.body.id}`).send({ url: 'http://10.0.0.5/hooks' });
    expect(moved.status).toBe(400);
    expect(moved.body.problems).toEqual([expect.objectContaining({ path: 'url', message: expect.stringContaining('10.0.0.5 is refused (private address)') })]);

    expect((await admin.delete(`/api/v1/settings/lookup-allowlist/${allowEntryId}`)).status).toBe(204);
    const before = receiver.of('test').length;
    const test = await admin.post(`/api/v1/event-subscriptions/${created.body.id}/test`);
    expect(test.status).toBe(202);
    const refused = await eventually(async () => {
      const d = ((await admin.get(`/api/v1/event-subscriptions/${created.body.id}/deliveries`)).body as Array<{ id: string; attempts: number; lastError: string | null }>)
        .find((x) => x.id === test.body.deliveryId);
      return d && d.attempts >= 1 ? d : null;
    }, 'the refused attempt');
    expect(refused.lastError).toMatch(/127\.0\.0\.1 refused: loopback address; an admin can allow-list the host or range/);
    expect(receiver.of('test')).toHaveLength(before);
  });
});
