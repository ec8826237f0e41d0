/**
 * The MO webhook is served in front of Express/Nest (src/inbound/fast-ingest.ts): it must answer
 * exactly as the Nest route would — same bodies, errors, request id, metrics — and hand every
 * request it does not fully handle (another method, content type, charset, a proxy's forwarded
 * headers, a path that is not a channel) to Express untouched.
 */
import { createHmac } from 'node:crypto';
import { InboxMessageEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorChannel, WEBHOOK_SECRET, type ChannelInfo } from '../conversations/messaging-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

const sign = (body: string) => 'sha256=' + createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex');

describe('the MO webhook fast path', () => {
  let t: TestApp;
  let channel: ChannelInfo;
  const post = (body: string, headers: Record<string, string> = {}, path = `/api/v1/inbound/${channel.id}`) =>
    t.http.post(path).set({ 'Content-Type': 'application/json', 'X-Moflow-Signature': sign(body), ...headers }).send(body);

  beforeAll(async () => {
    t = await createTestApp({ env: { BODY_LIMIT: '64kb' } });
    channel = await simulatorChannel(t);
  });
  afterAll(async () => t?.close());

  it('stores a signed MO once, answers 200 with what was stored, echoes the request id and times the route', async () => {
    const body = JSON.stringify({ id: 'fast-1', from: '+14155550123', to: '+14155550100', text: 'hello' });
    const first = await post(body, { 'X-Request-Id': 'probe-1' });
    expect(first.status).toBe(200);
    expect(first.headers['x-request-id']).toBe('probe-1');
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    expect(first.body).toMatchObject({ stored: [expect.any(String)], duplicates: 0, partsWaiting: 0 });
    const again = await post(body);
    expect(again.body).toMatchObject({ stored: [], duplicates: 1 });
    expect(again.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(await t.app.get(DataSource).getRepository(InboxMessageEntity).countBy({ providerMessageId: 'fast-1' })).toBe(1);
    const metrics = (await (await t.loginAs('admin')).get('/metrics')).text;
    expect(metrics).toMatch(/moflow_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/inbound\/:channelId",status="200"\} [1-9]/);
  });

  it('refuses what the Nest route refuses, in the same shape, storing nothing', async () => {
    const bad = await post('{"id":', {});
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('MALFORMED_JSON');
    const scalar = await post('"just a string"');
    expect(scalar.status).toBe(400);
    expect(scalar.body.code).toBe('MALFORMED_JSON');
    const unsigned = await post(JSON.stringify({ id: 'fast-2', from: '+14155550123', to: '+14155550100', text: 'x' }), { 'X-Moflow-Signature': 'sha256=00' });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.code).toBe('WEBHOOK_UNAUTHENTICATED');
    const huge = await post(JSON.stringify({ id: 'fast-3', from: '+14155550123', to: '+14155550100', text: 'a'.repeat(70_000) }));
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
    const missing = await post(JSON.stringify({ id: 'fast-4', from: '+14155550123', to: '+14155550100', text: 'x' }), {}, '/api/v1/inbound/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('CHANNEL_NOT_FOUND');
    const noField = await post(JSON.stringify({ id: 'fast-5', to: '+14155550100', text: 'x' }));
    expect(noField.status).toBe(400);
    expect(JSON.stringify(noField.body)).toMatch(/from/);
    expect(await t.app.get(DataSource).getRepository(InboxMessageEntity).countBy({ providerMessageId: 'fast-2' })).toBe(0);
  });

  it('hands other requests to Express: a non-uuid path, another charset, a GET', async () => {
    const notUuid = await post(JSON.stringify({ id: 'x' }), {}, '/api/v1/inbound/not-a-uuid');
    expect(notUuid.status).toBe(404);
    expect(notUuid.body.code).toBe('CHANNEL_NOT_FOUND');
    const latin1 = await post(JSON.stringify({ id: 'fast-6', from: '+14155550123', to: '+14155550100', text: 'x' }), { 'Content-Type': 'application/json; charset=latin1' });
    expect(latin1.status).toBe(415);
    const get = await t.http.get(`/api/v1/inbound/${channel.id}`);
    expect(get.status).toBeGreaterThanOrEqual(400);
    expect(get.status).toBeLessThan(500);
  });
});
