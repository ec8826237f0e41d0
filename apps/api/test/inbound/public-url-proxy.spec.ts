import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/app-config';
import { startupWarnings } from '../../src/config/startup-warnings';
import { createChannel, type ChannelInfo } from '../conversations/messaging-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

const SID = 'AC' + 'e'.repeat(32);
const TOKEN = 'twilio-auth-token-proxy';
// What the server is told it is (the address the proxy forwards to), and what Twilio really calls.
const PUBLIC_URL = 'http://moflow-internal:3000';
const CALLED = 'https://sms.example.com';

describe('PUBLIC_URL at start-up', () => {
  it('warns when PUBLIC_URL is left at its default while the server listens on another port', () => {
    const warnings = startupWarnings(parseConfig({ PORT: '8080' }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/PUBLIC_URL is not set.*http:\/\/localhost:3000.*port 8080/);
    expect(startupWarnings(parseConfig({}))).toEqual([]);
    expect(startupWarnings(parseConfig({ PORT: '8080', PUBLIC_URL: 'https://sms.example.com' }))).toEqual([]);
    expect(startupWarnings(parseConfig({ PORT: '8080', PUBLIC_URL: 'http://localhost:3000' }))[0]).toMatch(/local address on port 3000.*port 8080/);
    expect(startupWarnings(parseConfig({ TRUST_PROXY: 'true' }))[0]).toMatch(/TRUST_PROXY is set but PUBLIC_URL is not/);
  });

  it('reads TRUST_PROXY as Express does (true, hops, addresses) and refuses anything else, naming it', () => {
    expect(parseConfig({}).trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(parseConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(parseConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(() => parseConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY: must be true, false, a number of proxy hops/);
  });
});

describe(`TRUST_PROXY: Twilio's signature is checked against the URL it called (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  let t: TestApp;
  let channel: ChannelInfo;
  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_URL, TRUST_PROXY: 'loopback' } });
    channel = await createChannel(t, { name: 'Proxied', provider: 'twilio', address: '+14155550160', defaultRegion: 'US', connection: { accountSid: SID }, credentials: { authToken: TOKEN } });
  });
  afterAll(() => t?.close());

  const params = (n: number) => ({ MessageSid: 'SM' + String(n).repeat(32), AccountSid: SID, From: '+14155550198', To: '+14155550160', Body: 'hello', NumSegments: '1' });
  const post = (signedUrl: string, n: number, headers: Record<string, string>) =>
    t.http.post(`/api/v1/inbound/${channel.id}`).type('form').set({ ...headers, 'X-Twilio-Signature': getExpectedTwilioSignature(TOKEN, signedUrl, params(n)) }).send(params(n));

  it('accepts a webhook signed over the forwarded https URL from a trusted proxy', async () => {
    const res = await post(`${CALLED}/api/v1/inbound/${channel.id}`, 1, { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'sms.example.com' });
    expect(res.status).toBe(200);
  });

  it('refuses the same signature without the forwarded headers (then PUBLIC_URL is what was called)', async () => {
    expect((await post(`${CALLED}/api/v1/inbound/${channel.id}`, 2, {})).status).toBe(401);
    expect((await post(`${PUBLIC_URL}/api/v1/inbound/${channel.id}`, 3, {})).status).toBe(200);
  });

  it('refuses a signature over another host than the one forwarded', async () => {
    const res = await post(`https://evil.example.com/api/v1/inbound/${channel.id}`, 4, { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'sms.example.com' });
    expect(res.status).toBe(401);
  });
});
