import { MessageEntity, OutboxStateEntity, ContactEntity } from '@moflow/data-access';
import { FakeTwilioServer, twilioError } from '@moflow/providers/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxSender } from '../../src/outbox/outbox.sender';
import { ContactsService } from '../../src/contacts/contacts.service';
import { eventually } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { allowLocalGateways, createChannel, type ChannelInfo } from '../conversations/messaging-fixtures';

const SID = 'AC' + 'c'.repeat(32);
const TOKEN = 'twilio-auth-token-789';
let t: TestApp;
let ds: DataSource;
let fake: FakeTwilioServer;
let channel: ChannelInfo;
let sender: OutboxSender;

const contact = (phone: string): Promise<ContactEntity> => t.app.get(ContactsService).findOrCreate(phone);
const status = async (id: string) => (await ds.getRepository(MessageEntity).findOneByOrFail({ id })).status;
const requestsTo = (phone: string) => fake.requests.filter((r) => new URLSearchParams(r.body).get('To') === phone);

beforeAll(async () => {
  fake = new FakeTwilioServer(SID, TOKEN);
  await fake.start();
  t = await createTestApp();
  await allowLocalGateways(t);
  ds = t.app.get(DataSource);
  sender = t.app.get(OutboxSender);
  channel = await createChannel(t, { name: 'Twilio', provider: 'twilio', address: '+14155550100', connection: { accountSid: SID, baseUrl: fake.baseUrl }, credentials: { authToken: TOKEN } });
});
afterAll(async () => {
  await t?.close();
  await fake?.stop();
});

describe(`outbox sender (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it('retries 503 and 429 with backoff and sends exactly once', async () => {
    const c = await contact('+14155559001');
    fake.failNext(1, { status: 503, body: { code: 20500, message: 'down' } });
    fake.failNext(1, { status: 429, body: { code: 20429, message: 'slow down' }, headers: { 'Retry-After': '1' } });
    const mt = await sender.queue({ channelId: channel.id, contactId: c.id, to: c.phone, text: 'retry me' });
    await eventually(async () => (await status(mt.id)) === 'sent', 'sent after retries', 10_000);
    expect(requestsTo(c.phone)).toHaveLength(3);
    // Two refused by the script, one accepted: the fake numbers accepted messages from 1.
    expect((await ds.getRepository(MessageEntity).findOneByOrFail({ id: mt.id })).providerMessageId).toBe('SM' + '1'.padStart(32, '0'));
    expect((await ds.getRepository(OutboxStateEntity).findOneByOrFail({ messageId: mt.id })).attempts).toBe(3);
  });

  it('a permanent refusal fails the message without another attempt', async () => {
    const c = await contact('+14155559002');
    fake.failNext(1, twilioError(400, 21211, "The 'To' number is not a valid phone number."));
    const mt = await sender.queue({ channelId: channel.id, contactId: c.id, to: c.phone, text: 'bad number' });
    // queue() stores and wakes the sender; it never waits for the provider.
    expect(mt.status).toBe('queued');
    await eventually(async () => (await status(mt.id)) === 'failed', 'failed', 5_000);
    await new Promise((r) => setTimeout(r, 700));
    expect(requestsTo(c.phone)).toHaveLength(1);
    expect((await ds.getRepository(OutboxStateEntity).findOneByOrFail({ messageId: mt.id })).detail).toContain('21211');
  });

  it('a message left `sending` by a dead process is failed as unknown, never sent again', async () => {
    const c = await contact('+14155559003');
    const now = Date.now();
    await ds.getRepository(MessageEntity).insert({ id: '6f1d2c3b-0000-4000-8000-000000000001', direction: 'out', channelId: channel.id, contactId: c.id, runId: null, nodeId: null,
      from: '+14155550100', to: c.phone, text: 'in flight', status: 'sending', encoding: 'GSM-7', segments: 1, provider: null, providerMessageId: null, createdAt: now, updatedAt: now });
    await ds.getRepository(OutboxStateEntity).insert({ messageId: '6f1d2c3b-0000-4000-8000-000000000001', nextAttemptAt: 0, attempts: 1, leaseOwner: 'dead', leaseUntil: now - 1, detail: null, providerIds: null, inReplyTo: null });
    await eventually(async () => (await status('6f1d2c3b-0000-4000-8000-000000000001')) === 'failed', 'recovery', 5_000);
    expect(requestsTo(c.phone)).toHaveLength(0);
  });

  it('holds to the channel rate limit (token bucket)', async () => {
    const admin = await t.loginAs('admin');
    expect((await admin.patch(`/api/v1/channels/${channel.id}`).send({ rateLimit: { perSecond: 4, burst: 2 } })).status).toBe(200);
    const c = await contact('+14155559004');
    const started = Date.now();
    await Promise.all(Array.from({ length: 6 }, (_, i) => sender.queue({ channelId: channel.id, contactId: c.id, to: c.phone, text: `rate ${i}` })));
    await eventually(async () => (await ds.getRepository(MessageEntity).countBy({ to: c.phone, status: 'sent' })) === 6, 'all six sent', 10_000);
    // 2 at once, then 4 more at 4/s: the sixth cannot go before ~1 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(requestsTo(c.phone)).toHaveLength(6);
    await admin.patch(`/api/v1/channels/${channel.id}`).send({ rateLimit: null });
  });
});
