import { createHmac } from 'node:crypto';
import { InboxMessageEntity, MessageEntity } from '@moflow/data-access';
import { vonageSignature } from '@moflow/sms';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboxService } from '../../src/inbound/inbox.service';
import { eventually } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { allowLocalGateways, createChannel, type ChannelInfo } from '../conversations/messaging-fixtures';

let t: TestApp;
let ds: DataSource;
const SECRET = 'shared-webhook-secret-9';
// Outbound base URLs point at a closed port: these tests only receive.
const NOWHERE = 'http://127.0.0.1:9';

const path = (c: ChannelInfo, suffix = '') => `/api/v1/inbound/${c.id}${suffix}`;
const inboxCount = (channelId: string) => ds.getRepository(InboxMessageEntity).countBy({ channelId });
const handledText = (from: string) => eventually(async () => (await ds.getRepository(MessageEntity).findOneBy({ from, direction: 'in' }))?.text, `the MO from ${from}`);

beforeAll(async () => {
  t = await createTestApp();
  ds = t.app.get(DataSource);
  await allowLocalGateways(t);
});
afterAll(() => t?.close());

describe(`provider webhooks (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it('Vonage: GET with an md5hash `sig`, three concat parts out of order reassembled before the flow sees them; a wrong sig stores nothing', async () => {
    const c = await createChannel(t, { name: 'Vonage', provider: 'vonage', address: '447700900000', defaultRegion: 'GB',
      connection: { apiKey: 'key1', baseUrl: NOWHERE }, credentials: { apiSecret: 'api-secret', signatureSecret: SECRET } });
    const signed = (p: Record<string, string>) => ({ ...p, sig: vonageSignature(p, SECRET, 'md5hash') });
    const ts = String(Math.floor(Date.now() / 1000));
    const part = (n: number, text: string) => signed({ msisdn: '447700900555', to: '447700900000', messageId: `0A000000${n}`, text, type: 'text',
      'message-timestamp': '2025-01-02 03:04:05', timestamp: ts, concat: 'true', 'concat-ref': '42', 'concat-total': '3', 'concat-part': String(n) });
    expect((await t.http.get(path(c)).query(part(3, 'three.'))).status).toBe(200);
    expect((await t.http.get(path(c)).query(part(1, 'one, '))).status).toBe(200);
    expect(await ds.getRepository(MessageEntity).countBy({ from: '+447700900555' })).toBe(0);
    expect((await t.http.get(path(c)).query(part(2, 'two, '))).status).toBe(200);
    expect(await handledText('+447700900555')).toBe('one, two, three.');
    expect((await t.http.get(path(c)).query(part(2, 'two, '))).body).toMatchObject({ duplicates: 1, stored: [] });

    // A group whose middle part never arrives is delivered with a gap marker rather than lost.
    const lost = (n: number, text: string) => ({ ...part(n, text), 'concat-ref': '43', messageId: `0C000000${n}` });
    for (const n of [1, 3]) {
      const p = lost(n, n === 1 ? 'first ' : ' last');
      expect((await t.http.get(path(c)).query({ ...p, sig: vonageSignature(p, SECRET, 'md5hash') /* `sig` itself is never signed */ })).status).toBe(200);
    }
    expect(await t.app.get(InboxService).releaseIncomplete(0)).toBe(1);
    await eventually(async () => (await ds.getRepository(MessageEntity).findOneBy({ from: '+447700900555', text: 'first […] last' })), 'the partial MO');

    const before = await inboxCount(c.id);
    const forged = { ...part(1, 'x'), messageId: '0B0000001', sig: 'deadbeef'.repeat(4) };
    expect((await t.http.get(path(c)).query(forged)).status).toBe(401);
    expect((await t.http.post(path(c)).type('form').send({ ...forged, sig: undefined })).status).toBe(401);
    expect(await inboxCount(c.id)).toBe(before);
  });

  it('Infobip: results[] with basic auth; a malformed entry gets 400 naming results[0].from', async () => {
    const c = await createChannel(t, { name: 'Infobip', provider: 'infobip', address: '+14155550111',
      connection: { baseUrl: NOWHERE }, credentials: { apiKey: 'ib-key', webhookSecret: SECRET } });
    const auth = 'Basic ' + Buffer.from(`moflow:${SECRET}`).toString('base64');
    const body = { results: [{ messageId: 'ib-1', from: '14155557001', to: '14155550111', text: 'hello ib', receivedAt: '2025-01-02T03:04:05.000+0000', smsCount: 1 }] };
    expect((await t.http.post(path(c)).set('Authorization', auth).send(body)).status).toBe(200);
    expect(await handledText('+14155557001')).toBe('hello ib');
    const bad = await t.http.post(path(c)).set('Authorization', auth).send({ results: [{ messageId: 'ib-2', to: '14155550111', text: 'x' }] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'WEBHOOK_PAYLOAD_INVALID', problems: [expect.objectContaining({ path: 'results[0].from', message: 'is required' })] });
    const wrong = await t.http.post(path(c)).set('Authorization', 'Basic ' + Buffer.from('moflow:nope').toString('base64')).send(body);
    expect(wrong.status).toBe(401);
  });

  it('MyLINK (header secret) and Sinch (mo_text) are verified and normalised', async () => {
    const link = await createChannel(t, { name: 'LINK', provider: 'mylink', address: '+4790000000', defaultRegion: 'NO',
      connection: { baseUrl: NOWHERE, tokenUrl: NOWHERE, clientId: 'id' }, credentials: { clientSecret: 'cs', webhookSecret: SECRET } });
    const mo = { reply: { id: 'ml-1', sender: '+4791234567', recipient: '+4790000000', text: 'hei' } };
    expect((await t.http.post(path(link)).set('X-Webhook-Secret', SECRET).send(mo)).status).toBe(200);
    expect((await t.http.post(path(link)).set('X-Webhook-Secret', 'wrong').send({ reply: { ...mo.reply, id: 'ml-2' } })).status).toBe(401);
    expect(await handledText('+4791234567')).toBe('hei');

    const sinch = await createChannel(t, { name: 'Sinch', provider: 'sinch', address: '+14155550112',
      connection: { servicePlanId: 'plan', baseUrl: NOWHERE }, credentials: { apiToken: 'tok', webhookSecret: SECRET } });
    const sinchMo = { type: 'mo_text', id: 'sn-1', from: '14155557002', to: '14155550112', body: 'hi sinch', received_at: '2025-01-02T03:04:05Z' };
    expect((await t.http.post(path(sinch)).set('X-Webhook-Secret', SECRET).send(sinchMo)).status).toBe(200);
    expect(await handledText('+14155557002')).toBe('hi sinch');
    const wrongType = await t.http.post(path(sinch)).set('X-Webhook-Secret', SECRET).send({ ...sinchMo, id: 'sn-2', type: 'mo_binary' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.message).toBe('type: "mo_binary" is not supported (only mo_text)');
  });

  it('generic JSON: HMAC-SHA256 of the exact body; re-serialised JSON or a missing header is refused', async () => {
    const c = await createChannel(t, { name: 'Generic', provider: 'generic', address: '+14155550113',
      connection: { url: NOWHERE }, credentials: { secret: 'out-secret', webhookSecret: SECRET } });
    const raw = '{"id":"g-1", "from":"+14155557003","to":"+14155550113","text":"hi generic"}';
    const sig = 'sha256=' + createHmac('sha256', SECRET).update(raw).digest('hex');
    expect((await t.http.post(path(c)).set({ 'Content-Type': 'application/json', 'X-Moflow-Signature': sig }).send(raw)).status).toBe(200);
    expect(await handledText('+14155557003')).toBe('hi generic');
    const reserialised = JSON.stringify(JSON.parse(raw.replace('g-1', 'g-2')));
    expect((await t.http.post(path(c)).set({ 'Content-Type': 'application/json', 'X-Moflow-Signature': sig }).send(reserialised)).status).toBe(401);
    expect((await t.http.post(path(c)).set('Content-Type', 'application/json').send(raw)).status).toBe(401);
    expect(await ds.getRepository(InboxMessageEntity).countBy({ providerMessageId: 'g-2' })).toBe(0);
  });

  it('unknown channels answer 404; a delivery report for an unknown message is held (200, held: 1) until its id is known', async () => {
    expect((await t.http.post('/api/v1/inbound/00000000-0000-4000-8000-000000000000').send({})).status).toBe(404);
    expect((await t.http.post('/api/v1/inbound/not-a-uuid').send({})).status).toBe(404);
    const c = await createChannel(t, { name: 'Generic 2', provider: 'generic', address: '+14155550114', connection: { url: NOWHERE }, credentials: { secret: 's', webhookSecret: SECRET } });
    const raw = JSON.stringify({ id: 'nope-1', status: 'delivered' });
    const sig = 'sha256=' + createHmac('sha256', SECRET).update(raw).digest('hex');
    const res = await t.http.post(path(c, '/status')).set({ 'Content-Type': 'application/json', 'X-Moflow-Signature': sig }).send(raw);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ provider: 'generic', matched: 0, held: 1 });
  });

  it('refuses a channel whose provider connection is wrong, naming the field', async () => {
    const admin = await t.loginAs('admin');
    const res = await admin.post('/api/v1/channels').send({ name: 'Bad', provider: 'infobip', address: '+14155550115', connection: { baseUrl: 'not a url' }, credentials: { apiKey: 'k', webhookSecret: 'w' } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'CHANNEL_INVALID', problems: [expect.objectContaining({ path: 'connection.baseUrl' })] });
    const badQuiet = await admin.post('/api/v1/channels').send({ name: 'Bad', provider: 'simulator', address: '+14155550115', quietHours: { start: '25:00', end: '08:00' } });
    expect(badQuiet.status).toBe(400);
    expect(badQuiet.body.problems[0]).toMatchObject({ path: 'quietHours.start', message: 'must be a time HH:MM (00:00-23:59)' });
    const badAddress = await admin.post('/api/v1/channels').send({ name: 'Bad', provider: 'simulator', address: '+1 (999) 12' });
    expect(badAddress.status).toBe(400);
    expect(badAddress.body.problems[0]).toMatchObject({ path: 'address' });
    expect((await (await t.loginAs('editor')).post('/api/v1/channels').send({ name: 'x', provider: 'simulator', address: '12345' })).status).toBe(403);
  });
});
