import { ConsentEventEntity, MessageEntity, RunEntity } from '@moflow/data-access';
import { FakeTwilioServer } from '@moflow/providers/testing';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, publishFlow } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { allowLocalGateways, createChannel, joinFlow, type ChannelInfo } from '../conversations/messaging-fixtures';

const PUBLIC_URL = 'http://moflow.example.com:8080';
const SID = 'AC' + 'b'.repeat(32);
const TOKEN = 'twilio-auth-token-456';
const SERVICE = 'MG' + 'c'.repeat(32);

let t: TestApp;
let fake: FakeTwilioServer;
let channel: ChannelInfo;

beforeAll(async () => {
  fake = new FakeTwilioServer(SID, TOKEN);
  await fake.start();
  t = await createTestApp({ env: { PUBLIC_URL } });
  await allowLocalGateways(t);
  channel = await createChannel(t, {
    name: 'Service', provider: 'twilio', address: '+14155550160', defaultRegion: 'US',
    connection: { accountSid: SID, baseUrl: fake.baseUrl, messagingServiceSid: SERVICE }, credentials: { authToken: TOKEN },
  });
  await publishFlow(t, 'Join', joinFlow());
});
afterAll(async () => {
  await t?.close();
  await fake?.stop();
});

/** A webhook as Twilio sends it when the console says HTTP GET: fields in the query, the signature over the whole URL and no body. */
function twilioGet(url: string, params: Record<string, string>) {
  const full = `${url}?${new URLSearchParams(params).toString()}`;
  const signature = getExpectedTwilioSignature(TOKEN, full, {});
  return t.http.get(full.slice(PUBLIC_URL.length)).set('X-Twilio-Signature', signature);
}

describe(`Twilio as integrators set it up (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it('webhooks configured as HTTP GET are verified and handled; the reply goes out through the Messaging Service instead of From', async () => {
    const mo = await twilioGet(channel.webhookUrl, {
      MessageSid: 'SM' + '2'.repeat(32), AccountSid: SID, From: '+14155550198', To: '+14155550160', Body: 'join', NumSegments: '1', NumMedia: '0',
    });
    expect(mo.status).toBe(200);
    expect(mo.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');

    await eventually(async () => fake.messages.length >= 1, 'the MT at the fake Twilio API');
    const sent = fake.messages[0]!;
    expect(sent.get('MessagingServiceSid')).toBe(SERVICE);
    expect(sent.get('From')).toBeNull();

    const mt = await eventually(async () => t.app.get(DataSource).getRepository(MessageEntity).findOneBy({ to: '+14155550198', direction: 'out', status: 'sent' }), 'the MT marked sent');
    const dlr = await twilioGet(channel.statusUrl, { MessageSid: mt.providerMessageId!, MessageStatus: 'delivered', AccountSid: SID });
    expect(dlr.status).toBe(200);
    await eventually(async () => (await t.app.get(DataSource).getRepository(MessageEntity).findOneBy({ id: mt.id }))?.status === 'delivered', 'the GET status callback applied');
  });

  it('a GET signed over another URL is refused', async () => {
    const params = { MessageSid: 'SM' + '3'.repeat(32), AccountSid: SID, From: '+14155550197', To: '+14155550160', Body: 'join' };
    const signature = getExpectedTwilioSignature(TOKEN, `${channel.webhookUrl}?other=1`, {});
    const res = await t.http.get(`/api/v1/inbound/${channel.id}?${new URLSearchParams(params).toString()}`).set('X-Twilio-Signature', signature);
    expect(res.status).toBe(401);
  });

  it('ignores X-Forwarded-Proto/Host when TRUST_PROXY is not set: the signature must cover PUBLIC_URL', async () => {
    const params = { MessageSid: 'SM' + '4'.repeat(32), AccountSid: SID, From: '+14155550196', To: '+14155550160', Body: 'join' };
    const forged = `https://sms.example.com/api/v1/inbound/${channel.id}?${new URLSearchParams(params).toString()}`;
    const res = await t.http.get(forged.slice('https://sms.example.com'.length))
      .set({ 'X-Twilio-Signature': getExpectedTwilioSignature(TOKEN, forged, {}), 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'sms.example.com' });
    expect(res.status).toBe(401);
  });

  it('refuses a Messaging Service SID that is not one, naming the field', async () => {
    const res = await (await t.loginAs('admin')).patch(`/api/v1/channels/${channel.id}`).send({ connection: { messagingServiceSid: 'PN123' } });
    expect(res.status).toBe(400);
    expect(res.body.problems[0]).toMatchObject({ path: 'connection.messagingServiceSid' });
  });

  it('with Twilio Advanced Opt-Out on, STOP and HELP are recorded but not confirmed (Twilio answers them); turned off, START is confirmed again', async () => {
    const admin = await t.loginAs('admin');
    expect((await admin.patch(`/api/v1/channels/${channel.id}`).send({ connection: { advancedOptOut: 'yes' } })).body.problems[0]).toMatchObject({ path: 'connection.advancedOptOut' });
    const on = await admin.patch(`/api/v1/channels/${channel.id}`).send({ connection: { advancedOptOut: true } });
    expect(on.status).toBe(200);
    expect(on.body.connection).toMatchObject({ advancedOptOut: true, messagingServiceSid: SERVICE });

    const ds = t.app.get(DataSource);
    const from = '+14155550191';
    let sid = 40;
    const mo = (Body: string, extra: Record<string, string> = {}) =>
      twilioGet(channel.webhookUrl, { MessageSid: 'SM' + String(sid++).repeat(16), AccountSid: SID, From: from, To: '+14155550160', Body, ...extra });
    const sentTo = () => fake.messages.filter((m) => m.get('To') === from).map((m) => m.get('Body'));

    expect((await mo('join')).status).toBe(200);
    await eventually(async () => sentTo().length === 1, 'the flow\'s question');
    const run = await ds.getRepository(RunEntity).findOneByOrFail({ contactPhone: from });
    expect((await mo('STOP', { OptOutType: 'STOP' })).status).toBe(200);
    await eventually(async () => ds.getRepository(ConsentEventEntity).findOneBy({ phone: from, action: 'opt_out' }), 'the opt-out recorded');
    await eventually(async () => (await ds.getRepository(RunEntity).findOneByOrFail({ id: run.id })).status === 'cancelled', 'the waiting run cancelled');
    expect((await mo('HELP', { OptOutType: 'HELP' })).status).toBe(200);
    await eventually(async () => (await ds.getRepository(MessageEntity).countBy({ from, direction: 'in' })) === 3, 'HELP handled');
    await new Promise((r) => setTimeout(r, 500)); // a confirmation would be at the fake API by now
    expect(sentTo()).toEqual(['Welcome! What is your order number?']);
    expect(await ds.getRepository(MessageEntity).countBy({ to: from, direction: 'out' })).toBe(1);

    expect((await admin.patch(`/api/v1/channels/${channel.id}`).send({ connection: { advancedOptOut: false } })).status).toBe(200);
    expect((await mo('START')).status).toBe(200);
    await eventually(async () => sentTo().length === 2, 'Moflow\'s own opt-in confirmation');
    expect(sentTo()[1]).toMatch(/subscribed again/);
  });
});
