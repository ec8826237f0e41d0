import { InboxMessageEntity, MessageEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vonageSignature } from '@moflow/sms';
import { jsonDepthExceeds } from '../src/common/json-depth';
import { allowLocalGateways, createChannel, type ChannelInfo } from './conversations/messaging-fixtures';
import { eventually } from './runs/run-fixtures';
import { createTestApp, type TestApp } from './support/test-app';

let t: TestApp;
let ds: DataSource;
let channel: ChannelInfo;
const SECRET = 'shared-webhook-secret-9';
const auth = 'Basic ' + Buffer.from(`moflow:${SECRET}`).toString('base64');
const mo = (id: string, text: string) => ({ results: [{ messageId: id, from: '14155557001', to: '14155550111', text, receivedAt: '2025-01-02T03:04:05.000+0000', smsCount: 1 }] });
const inboxCount = () => ds.getRepository(InboxMessageEntity).countBy({ channelId: channel.id });

beforeAll(async () => {
  t = await createTestApp();
  await allowLocalGateways(t);
  ds = t.app.get(DataSource);
  channel = await createChannel(t, { name: 'Infobip', provider: 'infobip', address: '+14155550111',
    connection: { baseUrl: 'http://127.0.0.1:9' }, credentials: { apiKey: 'ib-key', webhookSecret: SECRET } });
});
afterAll(() => t?.close());

describe('inbound text length (MO_TEXT_MAX_CHARS, default 2000)', () => {
  it("refuses the probe's 200,006-character SMS with 413 naming the limit, and stores nothing", async () => {
    const before = await inboxCount();
    const res = await t.http.post(`/api/v1/inbound/${channel.id}`).set('Authorization', auth).send(mo('long-1', `NAME ${'a'.repeat(200_000)}!`));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      code: 'MESSAGE_TOO_LONG',
      message: 'text is 200006 characters long, more than the 2000 an inbound message may have (MO_TEXT_MAX_CHARS).',
      problems: [{ path: 'text' }],
    });
    expect(await inboxCount()).toBe(before);
  });

  it('refuses a concatenated MO whose joined parts exceed the limit: stored failed, cut, never handled', async () => {
    const vonage = await createChannel(t, { name: 'Vonage', provider: 'vonage', address: '447700900111', defaultRegion: 'GB',
      connection: { apiKey: 'key1', baseUrl: 'http://127.0.0.1:9' }, credentials: { apiSecret: 'api-secret', signatureSecret: SECRET } });
    const part = (ref: string, total: number, n: number, text: string) => {
      const p = { msisdn: '447700900556', to: '447700900111', messageId: `${ref}-${n}`, text, type: 'text', 'message-timestamp': '2025-01-02 03:04:05',
        timestamp: String(Math.floor(Date.now() / 1000)), concat: 'true', 'concat-ref': ref, 'concat-total': String(total), 'concat-part': String(n) };
      return { ...p, sig: vonageSignature(p, SECRET, 'md5hash') };
    };
    // Each of the 3 parts is under 2,000 characters; together they are 4,500.
    for (const n of [1, 2, 3]) expect((await t.http.get(`/api/v1/inbound/${vonage.id}`).query(part('77', 3, n, `${n}`.repeat(1500)))).status).toBe(200);
    const joined = await ds.getRepository(InboxMessageEntity).findOneByOrFail({ channelId: vonage.id, status: 'failed' });
    expect(joined.error).toBe('joined text of 3 parts is 4500 characters long, more than the 2000 an inbound message may have (MO_TEXT_MAX_CHARS); not handled');
    expect(joined.text).toHaveLength(2000);
    // A group within the limit (2 × 900) still goes through as one message.
    for (const n of [1, 2]) expect((await t.http.get(`/api/v1/inbound/${vonage.id}`).query(part('78', 2, n, 'x'.repeat(900)))).status).toBe(200);
    const ok = await ds.getRepository(InboxMessageEntity).findOneByOrFail({ channelId: vonage.id, text: 'x'.repeat(1800) });
    expect(ok.error).toBeNull();
    expect(['stored', 'handled']).toContain(ok.status); // the pipeline may have taken it already
    // The pipeline handles the good one (so it has run) and never the refused one.
    await eventually(() => ds.getRepository(MessageEntity).findOneBy({ channelId: vonage.id, text: 'x'.repeat(1800) }), 'the joined 1,800-character MO');
    const texts = (await ds.getRepository(MessageEntity).findBy({ channelId: vonage.id, direction: 'in' })).map((m) => m.text);
    expect(texts).toEqual(['x'.repeat(1800)]);
    expect((await ds.getRepository(InboxMessageEntity).findOneByOrFail({ id: joined.id })).status).toBe('failed');
  });

  it('accepts a 10-part concatenated SMS worth of text (1,530 characters)', async () => {
    const res = await t.http.post(`/api/v1/inbound/${channel.id}`).set('Authorization', auth).send(mo('ok-1', 'b'.repeat(1530)));
    expect(res.status).toBe(200);
  });
});

describe('request body nesting (BODY_MAX_DEPTH, default 64)', () => {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

  it("answers the probe's 3,000-deep body to POST /auth/login with 400 naming the limit, not 500", async () => {
    const res = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send(deep(3000));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'BODY_TOO_DEEP', problems: [{ path: 'body' }] });
    expect(res.body.message).toMatch(/more than 64 levels deep \(BODY_MAX_DEPTH\)/);
  });

  it('applies to every route, authenticated or not, before anything else reads the body', async () => {
    const body = JSON.stringify({ name: 'x', definition: JSON.parse(deep(100)) });
    for (const url of ['/api/v1/flows', `/api/v1/inbound/${channel.id}`]) {
      const res = await t.http.post(url).set('Content-Type', 'application/json').send(body);
      expect(res.status, url).toBe(400);
      expect(res.body.code, url).toBe('BODY_TOO_DEEP');
    }
  });

  it('counts brackets inside strings as text', () => {
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ a: '[[[[[[[[[[' })), 3)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ a: '\\"[[[[' })), 3)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ a: [[[1]]] })), 3)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ a: [[1]] })), 3)).toBe(false);
  });
});
