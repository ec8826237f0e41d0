import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeInfobipServer, serviceException } from '../testing/fake-infobip.server';
import { InfobipAdapter } from './infobip.adapter';

const msg = { id: 'm-7', from: '+15550001111', to: '+385981234567', text: 'Ticket 88 opened', dlrUrl: 'https://moflow.test/dlr/ib' };

describe('InfobipAdapter against a local /sms/2/text/advanced', () => {
  let fake: FakeInfobipServer;
  beforeEach(async () => {
    fake = new FakeInfobipServer('ib-key');
    await fake.start();
  });
  afterEach(() => fake.stop());

  it('sends App auth, notifyUrl and our id as messageId', async () => {
    const adapter = new InfobipAdapter({ apiKey: 'ib-key', baseUrl: fake.baseUrl });
    await expect(adapter.send(msg)).resolves.toEqual({ providerMessageIds: ['m-7'], status: 'queued', segments: 1 });
    expect(fake.messages[0]).toEqual({
      from: '15550001111', destinations: [{ to: '385981234567', messageId: 'm-7' }], text: msg.text,
      notifyUrl: msg.dlrUrl, notifyContentType: 'application/json',
    });
  });

  it('classifies 401 as permanent, 429 with Retry-After and 502 as retryable', async () => {
    const bad = new InfobipAdapter({ apiKey: 'other', baseUrl: fake.baseUrl });
    const err = await bad.send(msg).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'auth_failed', retryable: false });
    expect(String(err)).toContain('Invalid login details');
    const adapter = new InfobipAdapter({ apiKey: 'ib-key', baseUrl: fake.baseUrl });
    fake.failNext(1, { ...serviceException(429, 'TOO_MANY_REQUESTS', 'Too many requests'), headers: { 'retry-after': '2' } });
    fake.failNext(1, { status: 502, body: 'bad gateway' });
    await expect(adapter.send(msg)).rejects.toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 2000 });
    await expect(adapter.send(msg)).rejects.toMatchObject({ code: 'server_error', retryable: true });
    await expect(adapter.send(msg)).resolves.toMatchObject({ status: 'queued' });
  });

  it('treats a REJECTED status group in a 200 answer as permanent', async () => {
    const adapter = new InfobipAdapter({ apiKey: 'ib-key', baseUrl: fake.baseUrl });
    fake.failNext(1, {
      status: 200,
      body: { messages: [{ to: '385981234567', messageId: 'm-7', status: { groupId: 5, groupName: 'REJECTED', id: 51, name: 'MISSING_TO', description: 'Missing destination' } }] },
    });
    await expect(adapter.send(msg)).rejects.toMatchObject({ code: 'rejected', retryable: false, details: { providerCode: '51' } });
  });

  it('times out a silent server as retryable', async () => {
    const { createServer } = await import('node:net');
    const sockets: Array<import('node:net').Socket> = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const slow = new InfobipAdapter({ apiKey: 'ib-key', baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 100 });
    await expect(slow.send(msg)).rejects.toMatchObject({ code: 'timeout', retryable: true });
    sockets.forEach((s) => s.destroy());
    await new Promise<void>((r) => silent.close(() => r()));
  });
});
