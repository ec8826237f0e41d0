import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeMyLinkServer } from '../testing/fake-mylink.server';
import { MyLinkAdapter } from './mylink.adapter';

const msg = (i: number) => ({ id: `m-${i}`, from: 'Shop', to: `+4791${String(i).padStart(6, '0')}`, text: `hello ${i}` });

describe('MyLinkAdapter against a local MyLINK (token + /sms/send)', () => {
  let fake: FakeMyLinkServer;
  beforeEach(async () => {
    fake = new FakeMyLinkServer('client-1', 'secret-1');
    await fake.start();
  });
  afterEach(() => fake.stop());

  const adapter = (over: Partial<ConstructorParameters<typeof MyLinkAdapter>[0]> = {}) =>
    new MyLinkAdapter({ baseUrl: fake.baseUrl, tokenUrl: fake.tokenUrl, clientId: 'client-1', clientSecret: 'secret-1', ...over });

  it('gets a token once, sends referenceId = our id, and reuses the token', async () => {
    const a = adapter();
    await expect(a.send({ ...msg(1), dlrUrl: 'https://moflow.test/dlr' })).resolves.toEqual({ providerMessageIds: ['ml-1'], status: 'queued' });
    await a.send(msg(2));
    expect(fake.tokenRequests).toBe(1);
    expect(fake.messages[0]).toEqual({ source: 'Shop', destination: '+4791000001', userData: 'hello 1', referenceId: 'm-1', dlrUrl: 'https://moflow.test/dlr' });
  });

  it('refreshes the token before it expires', async () => {
    let now = 1_000_000;
    const a = adapter({ now: () => now, refreshSkewMs: 60_000 });
    fake.tokenTtlSeconds = 300;
    await a.send(msg(1));
    now += 239_000; // 61 s before expiry: still valid
    await a.send(msg(2));
    expect(fake.tokenRequests).toBe(1);
    now += 2_000; // inside the 60 s skew: refresh first
    await a.send(msg(3));
    expect(fake.tokenRequests).toBe(2);
  });

  it('gets a new token and retries once when the API answers 401', async () => {
    const a = adapter();
    await a.send(msg(1));
    fake.revokeTokens();
    await expect(a.send(msg(2))).resolves.toMatchObject({ status: 'queued' });
    expect(fake.tokenRequests).toBe(2);
    expect(fake.messages.map((m) => m.referenceId)).toEqual(['m-1', 'm-2']);
  });

  it('shares one token request between concurrent sends', async () => {
    const a = adapter();
    await Promise.all([a.send(msg(1)), a.send(msg(2)), a.send(msg(3))]);
    expect(fake.tokenRequests).toBe(1);
    expect(a.tokens.fetches).toBe(1);
  });

  it('bad client credentials are a permanent auth error', async () => {
    await expect(adapter({ clientSecret: 'wrong' }).send(msg(1))).rejects.toMatchObject({ code: 'auth_failed', retryable: false });
  });

  it('splits 2500 messages into batches of at most 1000 and maps results back by referenceId', async () => {
    const msgs = Array.from({ length: 2500 }, (_, i) => msg(i));
    msgs[1700] = { ...msgs[1700]!, text: '' };
    const outcomes = await adapter().sendBatch(msgs);
    expect(fake.batchSizes).toEqual([1000, 1000, 500]);
    expect(outcomes).toHaveLength(2500);
    expect(outcomes.map((o) => o.id)).toEqual(msgs.map((m) => m.id));
    expect(outcomes[1700]).toMatchObject({ id: 'm-1700', error: { code: 'rejected', retryable: false } });
    expect(outcomes.filter((o) => 'result' in o)).toHaveLength(2499);
  });

  it('classifies 503 on send as retryable', async () => {
    const a = adapter();
    fake.failNext(1, { status: 503, body: { error: 'maintenance' }, headers: { 'retry-after': '10' } });
    await expect(a.send(msg(1))).rejects.toMatchObject({ code: 'server_error', retryable: true, retryAfterMs: 10_000 });
  });
});
