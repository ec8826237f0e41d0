import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeWebhookServer } from '../testing/fake-webhook.server';
import { DestinationPolicy } from './destination-policy';
import { GenericWebhookAdapter, signMoflowBody } from './generic-webhook.adapter';

const msg = { id: 'm-1', from: '+15550001111', to: '+15550002222', text: 'hello' };

describe('GenericWebhookAdapter against a local gateway', () => {
  let fake: FakeWebhookServer;
  beforeEach(async () => {
    fake = new FakeWebhookServer('s3cret');
    await fake.start();
  });
  afterEach(() => fake.stop());

  it('posts the JSON signed with HMAC-SHA256 of the body', async () => {
    const adapter = new GenericWebhookAdapter({ url: `${fake.baseUrl}/sms`, secret: 's3cret' });
    await expect(adapter.send(msg)).resolves.toEqual({ providerMessageIds: ['gw-1'], status: 'sent' });
    const req = fake.requests[0];
    expect(req?.headers['x-moflow-signature']).toBe(signMoflowBody(req?.body ?? '', 's3cret'));
    expect(fake.messages[0]).toEqual(msg);
  });

  it('a wrong secret is refused (401, permanent); 500 is retryable', async () => {
    await expect(new GenericWebhookAdapter({ url: fake.baseUrl, secret: 'other' }).send(msg)).rejects.toMatchObject({
      code: 'auth_failed', retryable: false,
    });
    const adapter = new GenericWebhookAdapter({ url: fake.baseUrl, secret: 's3cret' });
    fake.failNext(1, { status: 500, body: 'boom' });
    await expect(adapter.send(msg)).rejects.toMatchObject({ code: 'server_error', retryable: true });
  });

  it('signature is the documented sha256=<hex> of the exact bytes', () => {
    expect(signMoflowBody('{"a":1}', 'k')).not.toBe(signMoflowBody('{"a":2}', 'k'));
    expect(signMoflowBody('', 'key')).toBe('sha256=5d5d139563c95b5967b9bd9a8c9b233a9dedb45072794cd232dc1b74832607d0');
  });

  it('sends only where the destination guard allows, judging literal addresses and what names resolve to', async () => {
    const policy = new DestinationPolicy((_host, address) => (address === '127.0.0.1' || address === '::1' ? 'loopback address' : null));
    const refuseLoopback = async () => policy;
    const port = new URL(fake.baseUrl).port;
    for (const url of [`http://127.0.0.1:${port}/sms`, `http://localhost:${port}/sms`]) {
      const adapter = new GenericWebhookAdapter({ url, secret: 's3cret', destinations: refuseLoopback });
      await expect(adapter.send(msg)).rejects.toMatchObject({ code: 'rejected', retryable: false, message: expect.stringMatching(/refused: loopback address; an admin can allow-list/) });
    }
    expect(fake.requests).toHaveLength(0);
    const allowed = new GenericWebhookAdapter({ url: `${fake.baseUrl}/sms`, secret: 's3cret', destinations: async () => new DestinationPolicy(() => null) });
    await expect(allowed.send(msg)).resolves.toMatchObject({ status: 'sent' });
    expect(fake.requests).toHaveLength(1);
  });
});
