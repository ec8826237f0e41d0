import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeVonageServer } from '../testing/fake-vonage.server';
import { VonageAdapter } from './vonage.adapter';

const msg = { id: 'm-42', from: 'Moflow', to: '+447700900123', text: 'Your code is 1234', dlrUrl: 'https://moflow.test/dlr/vonage' };

describe('VonageAdapter against a local /sms/json', () => {
  let fake: FakeVonageServer;
  beforeEach(async () => {
    fake = new FakeVonageServer('key1', 'secret1');
    await fake.start();
  });
  afterEach(() => fake.stop());

  it('sends credentials, status-report-req and client-ref, and returns one id per part', async () => {
    const adapter = new VonageAdapter({ apiKey: 'key1', apiSecret: 'secret1', baseUrl: fake.baseUrl });
    const res = await adapter.send(msg);
    expect(res).toMatchObject({ status: 'queued', segments: 1 });
    expect(res.providerMessageIds[0]).toMatch(/^0A0000000/);
    expect(fake.messages[0]).toMatchObject({
      to: '447700900123', from: 'Moflow', text: msg.text, type: 'text', 'status-report-req': '1', callback: msg.dlrUrl, 'client-ref': 'm-42',
    });
    expect(fake.requests[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('marks non-GSM text as unicode and reports every part id of a long text', async () => {
    const adapter = new VonageAdapter({ apiKey: 'key1', apiSecret: 'secret1', baseUrl: fake.baseUrl });
    const res = await adapter.send({ ...msg, text: 'Привет '.repeat(20) });
    expect(fake.messages[0]?.['type']).toBe('unicode');
    expect(res.providerMessageIds).toHaveLength(3);
    expect(new Set(res.providerMessageIds).size).toBe(3);
  });

  it('classifies status 4 as permanent auth failure and status 1 as retryable throttling', async () => {
    const bad = new VonageAdapter({ apiKey: 'key1', apiSecret: 'nope', baseUrl: fake.baseUrl });
    await expect(bad.send(msg)).rejects.toMatchObject({ code: 'auth_failed', retryable: false, details: { providerCode: '4' } });
    const adapter = new VonageAdapter({ apiKey: 'key1', apiSecret: 'secret1', baseUrl: fake.baseUrl });
    fake.throttleNext(1);
    await expect(adapter.send(msg)).rejects.toMatchObject({ code: 'throttled', retryable: true, details: { providerCode: '1' } });
    fake.failNext(1, { status: 500, body: 'upstream error' });
    await expect(adapter.send(msg)).rejects.toMatchObject({ code: 'server_error', retryable: true });
    await expect(adapter.send(msg)).resolves.toMatchObject({ status: 'queued' });
  });

  it('classifies a bad callback (status 23) as permanent', async () => {
    const adapter = new VonageAdapter({ apiKey: 'key1', apiSecret: 'secret1', baseUrl: fake.baseUrl });
    await expect(adapter.send({ ...msg, dlrUrl: 'not-a-url' })).rejects.toMatchObject({ code: 'rejected', retryable: false });
  });
});
