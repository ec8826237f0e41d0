import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSinchServer, sinchError } from '../testing/fake-sinch.server';
import { SinchAdapter } from './sinch.adapter';

const msg = { id: 'm-9', from: '12345', to: '+46701234567', text: 'Hej!', dlrUrl: 'https://moflow.test/dlr/sinch' };

describe('SinchAdapter against a local XMS batches endpoint', () => {
  let fake: FakeSinchServer;
  beforeEach(async () => {
    fake = new FakeSinchServer('plan-1', 'tok-1');
    await fake.start();
  });
  afterEach(() => fake.stop());

  it('posts a batch with bearer auth and a per-recipient delivery report', async () => {
    const adapter = new SinchAdapter({ servicePlanId: 'plan-1', apiToken: 'tok-1', baseUrl: fake.baseUrl });
    const res = await adapter.send(msg);
    expect(res.providerMessageIds[0]).toMatch(/^01FC66621/);
    expect(fake.batches[0]).toEqual({
      from: '12345', to: ['+46701234567'], body: 'Hej!', client_reference: 'm-9', delivery_report: 'per_recipient', callback_url: msg.dlrUrl,
    });
  });

  it('classifies 401 and 400 as permanent, 429 and 503 as retryable', async () => {
    await expect(new SinchAdapter({ servicePlanId: 'plan-1', apiToken: 'x', baseUrl: fake.baseUrl }).send(msg)).rejects.toMatchObject({
      code: 'auth_failed', retryable: false,
    });
    const adapter = new SinchAdapter({ servicePlanId: 'plan-1', apiToken: 'tok-1', baseUrl: fake.baseUrl });
    await expect(adapter.send({ ...msg, text: '' })).rejects.toMatchObject({ code: 'rejected', retryable: false });
    fake.failNext(1, sinchError(429, 'too_many_requests', 'slow down'));
    fake.failNext(1, { status: 503, body: 'unavailable' });
    await expect(adapter.send(msg)).rejects.toMatchObject({ code: 'rate_limited', retryable: true });
    await expect(adapter.send(msg)).rejects.toMatchObject({ code: 'server_error', retryable: true });
    await expect(adapter.send(msg)).resolves.toMatchObject({ status: 'queued' });
  });
});
