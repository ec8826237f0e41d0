import type { RunDetailDto, RunSummaryDto } from '@moflow/api-contract';
import { InboxMessageEntity, MessageEntity } from '@moflow/data-access';
import { FakeTwilioServer } from '@moflow/providers/testing';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, publishFlow } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { allowLocalGateways, createChannel, joinFlow, type ChannelInfo } from '../conversations/messaging-fixtures';

// http: secure cookies (https) would not travel over supertest's plain HTTP.
const PUBLIC_URL = 'http://moflow.example.com:8080';
const SID = 'AC' + 'a'.repeat(32);
const TOKEN = 'twilio-auth-token-123';

let t: TestApp;
let fake: FakeTwilioServer;
let channel: ChannelInfo;
let ds: DataSource;

/** A form POST as Twilio sends it, signed by the official twilio package over the public URL. */
function twilioPost(url: string, params: Record<string, string>, token = TOKEN) {
  const signature = getExpectedTwilioSignature(token, url, params);
  return t.http.post(new URL(url).pathname).type('form').set('X-Twilio-Signature', signature).send(params);
}

beforeAll(async () => {
  fake = new FakeTwilioServer(SID, TOKEN);
  await fake.start();
  t = await createTestApp({ env: { PUBLIC_URL } });
  await allowLocalGateways(t);
  ds = t.app.get(DataSource);
  channel = await createChannel(t, {
    name: 'US long code', provider: 'twilio', kind: 'long_number', address: '+14155550100', defaultRegion: 'US',
    connection: { accountSid: SID, baseUrl: fake.baseUrl }, credentials: { authToken: TOKEN },
  });
  await publishFlow(t, 'Join', joinFlow());
});
afterAll(async () => {
  await t?.close();
  await fake?.stop();
});

describe(`Twilio end to end (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it('shows the webhook URL to paste into the Twilio console, built from PUBLIC_URL', () => {
    expect(JSON.stringify(channel)).not.toContain(TOKEN); // not even in the create answer
    expect(channel.webhookUrl).toBe(`${PUBLIC_URL}/api/v1/inbound/${channel.id}`);
    expect(channel.statusUrl).toBe(`${PUBLIC_URL}/api/v1/inbound/${channel.id}/status`);
  });

  it('a signed "join" MO is answered with empty TwiML, the flow replies through the Messages API, and a status callback marks it delivered in the run log', async () => {
    const mo = await twilioPost(channel.webhookUrl, {
      MessageSid: 'SM' + '1'.repeat(32), AccountSid: SID, From: '+14155550199', To: '+14155550100', Body: 'join', NumSegments: '1', NumMedia: '0',
    });
    expect(mo.status).toBe(200);
    expect(mo.headers['content-type']).toMatch(/^text\/xml/);
    expect(mo.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');

    await eventually(async () => fake.messages.length >= 1, 'the MT at the fake Twilio API');
    const sent = fake.messages[0]!;
    expect({ to: sent.get('To'), from: sent.get('From'), body: sent.get('Body') })
      .toEqual({ to: '+14155550199', from: '+14155550100', body: 'Welcome! What is your order number?' });
    expect(sent.get('StatusCallback')).toBe(channel.statusUrl);

    const mt = await eventually(async () => (await ds.getRepository(MessageEntity).findOneBy({ to: '+14155550199', direction: 'out', status: 'sent' })), 'the MT marked sent');
    expect(mt.provider).toBe('twilio');
    expect(mt.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);

    const dlr = await twilioPost(channel.statusUrl, { MessageSid: mt.providerMessageId!, MessageStatus: 'delivered', AccountSid: SID, To: '+14155550199', From: '+14155550100' });
    expect(dlr.status).toBe(200);

    const admin = await t.loginAs('admin');
    const runs = (await admin.get('/api/v1/runs')).body as { items: RunSummaryDto[] };
    const run = (await admin.get(`/api/v1/runs/${runs.items[0]!.id}`)).body as RunDetailDto;
    expect(run).toMatchObject({ flowName: 'Join', status: 'waiting', currentNodeId: 'wait', trigger: { kind: 'keyword', keyword: 'JOIN' } });
    const types = run.steps.map((s) => s.type);
    expect(types).toEqual(expect.arrayContaining(['run_started', 'reply_queued', 'wait_started', 'inbound_routed', 'message_status', 'delivery_report']));
    expect(run.steps.find((s) => s.type === 'delivery_report')).toMatchObject({ reason: 'provider reports delivered', data: { status: 'delivered' } });
    expect(run.messages).toEqual(expect.arrayContaining([
      expect.objectContaining({ direction: 'in', text: 'join', status: 'handled' }),
      expect.objectContaining({ direction: 'out', status: 'delivered', text: 'Welcome! What is your order number?' }),
    ]));
    expect(run.messages).toHaveLength(2);
  });

  it('a retried MO (same MessageSid) is stored and handled once', async () => {
    const params = { MessageSid: 'SM' + '2'.repeat(32), AccountSid: SID, From: '+14155550198', To: '+14155550100', Body: 'hello there' };
    expect((await twilioPost(channel.webhookUrl, params)).status).toBe(200);
    expect((await twilioPost(channel.webhookUrl, params)).status).toBe(200);
    expect(await ds.getRepository(InboxMessageEntity).countBy({ providerMessageId: params.MessageSid })).toBe(1);
    await eventually(async () => (await ds.getRepository(MessageEntity).countBy({ from: '+14155550198', status: 'unhandled' })) === 1, 'the MO handled');
    expect(await ds.getRepository(MessageEntity).countBy({ from: '+14155550198' })).toBe(1);
  });

  it('a wrong signature is refused with 401 and nothing is stored', async () => {
    const inboxBefore = await ds.getRepository(InboxMessageEntity).count();
    const messagesBefore = await ds.getRepository(MessageEntity).count();
    const params = { MessageSid: 'SM' + '3'.repeat(32), AccountSid: SID, From: '+14155550197', To: '+14155550100', Body: 'join' };
    const forged = await twilioPost(channel.webhookUrl, params, 'not-the-token');
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ code: 'WEBHOOK_UNAUTHENTICATED' });
    // Signed for another URL (a proxy that rewrote the host must not pass either).
    const otherUrl = await t.http.post(`/api/v1/inbound/${channel.id}`).type('form')
      .set('X-Twilio-Signature', getExpectedTwilioSignature(TOKEN, `http://127.0.0.1/api/v1/inbound/${channel.id}`, params)).send(params);
    expect(otherUrl.status).toBe(401);
    const unsigned = await t.http.post(`/api/v1/inbound/${channel.id}`).type('form').send(params);
    expect(unsigned.status).toBe(401);
    expect(await ds.getRepository(InboxMessageEntity).count()).toBe(inboxBefore);
    expect(await ds.getRepository(InboxMessageEntity).countBy({ providerMessageId: params.MessageSid })).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(await ds.getRepository(MessageEntity).count()).toBe(messagesBefore);
  });

  it('a malformed body gets 400 naming the field, and is not stored', async () => {
    const res = await twilioPost(channel.webhookUrl, { MessageSid: 'SM' + '4'.repeat(32), AccountSid: SID, From: '+14155550196', To: '+14155550100' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'WEBHOOK_PAYLOAD_INVALID', message: 'Body: is required' });
    expect(await ds.getRepository(InboxMessageEntity).countBy({ providerMessageId: 'SM' + '4'.repeat(32) })).toBe(0);
  });

  it('credentials are never returned by the channel API', async () => {
    for (const role of ['admin', 'editor', 'ops'] as const) {
      const agent = await t.loginAs(role);
      const one = await agent.get(`/api/v1/channels/${channel.id}`);
      const all = await agent.get('/api/v1/channels');
      expect(one.status).toBe(200);
      expect(JSON.stringify(one.body) + JSON.stringify(all.body)).not.toContain(TOKEN);
      expect(one.body).toMatchObject({ credentialFields: ['authToken'], connection: { accountSid: SID } });
    }
    const [stored] = (await ds.query('SELECT credentials_encrypted AS c FROM channels WHERE id = $1'.replace('$1', `'${channel.id}'`))) as { c: string }[];
    expect(stored!.c).toMatch(/^v1\./);
    expect(stored!.c).not.toContain(TOKEN);
  });
});
