import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTwilioServer, twilioError } from '../testing/fake-twilio.server';
import { ProviderSendError } from './sms-adapter';
import { TwilioAdapter } from './twilio.adapter';

const SID = 'AC' + 'a'.repeat(32);
const TOKEN = 'secret-token';
const msg = { id: 'm1', from: '+15005550006', to: '+447700900123', text: 'Hello there', dlrUrl: 'https://moflow.test/dlr/m1' };

describe('TwilioAdapter (official SDK against a local Messages API)', () => {
  let fake: FakeTwilioServer;
  beforeEach(async () => {
    fake = new FakeTwilioServer(SID, TOKEN);
    await fake.start();
  });
  afterEach(() => fake.stop());

  it('posts the form with basic auth and StatusCallback and returns the SID', async () => {
    const adapter = new TwilioAdapter({ accountSid: SID, authToken: TOKEN, baseUrl: fake.baseUrl });
    const res = await adapter.send(msg);
    expect(res.providerMessageIds[0]).toMatch(/^SM[0-9a-f]{32}$/);
    expect(res).toMatchObject({ status: 'queued', segments: 1 });
    const form = fake.messages[0];
    expect(form?.get('To')).toBe(msg.to);
    expect(form?.get('From')).toBe(msg.from);
    expect(form?.get('Body')).toBe(msg.text);
    expect(form?.get('StatusCallback')).toBe(msg.dlrUrl);
  });

  it('refuses wrong credentials as a permanent auth error', async () => {
    const adapter = new TwilioAdapter({ accountSid: SID, authToken: 'wrong', baseUrl: fake.baseUrl });
    const err = await adapter.send(msg).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderSendError);
    expect(err).toMatchObject({ code: 'auth_failed', retryable: false, details: { httpStatus: 401, providerCode: '20003' } });
  });

  it('classifies 429 with Retry-After and 5xx as retryable, 400 as permanent', async () => {
    const adapter = new TwilioAdapter({ accountSid: SID, authToken: TOKEN, baseUrl: fake.baseUrl });
    fake.failNext(1, { ...twilioError(429, 20429, 'Too Many Requests'), headers: { 'retry-after': '3' } });
    fake.failNext(1, twilioError(503, 20500, 'Service unavailable'));
    fake.failNext(1, twilioError(400, 21211, "The 'To' number is not a valid phone number."));
    await expect(adapter.send(msg)).rejects.toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 3000 });
    await expect(adapter.send(msg)).rejects.toMatchObject({ code: 'server_error', retryable: true });
    await expect(adapter.send(msg)).rejects.toMatchObject({ code: 'rejected', retryable: false, details: { providerCode: '21211' } });
    await expect(adapter.send(msg)).resolves.toMatchObject({ status: 'queued' });
  });

  it('times out a silent server as retryable', async () => {
    const { createServer } = await import('node:net');
    const sockets: Array<import('node:net').Socket> = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const adapter = new TwilioAdapter({ accountSid: SID, authToken: TOKEN, baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 150 });
    await expect(adapter.send(msg)).rejects.toMatchObject({ code: 'timeout', retryable: true });
    sockets.forEach((s) => s.destroy());
    await new Promise<void>((r) => silent.close(() => r()));
  });

  it('treats an unreachable host as a retryable network error', async () => {
    await fake.stop();
    const adapter = new TwilioAdapter({ accountSid: SID, authToken: TOKEN, baseUrl: fake.baseUrl });
    await expect(adapter.send(msg)).rejects.toMatchObject({ code: 'network', retryable: true });
  });
});
