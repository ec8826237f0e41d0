import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { MessageEntity } from '@moflow/data-access';
import { FakeInfobipServer, FakeMyLinkServer, FakeSinchServer, FakeSmsc, FakeTwilioServer, FakeVonageServer, type FakeHttpServer } from '@moflow/providers/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, publishFlow } from '../runs/run-fixtures';
import { createTestApp, type Agent, type TestApp } from '../support/test-app';

// Every URL an admin sets on a channel (a provider's baseUrl/tokenUrl override) follows the lookups'
// address policy: refused at save when literal (or localhost), and judged on every connection the
// adapter opens. The fake providers listen on 127.0.0.1; the URLs name them `localhost`, so what is
// judged at send time is what the name resolves to, on a kept-alive connection's first use.

const SID = 'AC' + 'e'.repeat(32);
const SECRET = 'provider-webhook-secret';

interface Case {
  provider: string;
  fake: FakeHttpServer;
  /** connection and credentials pointing at `base` (and `token` for the OAuth token URL). */
  settings: (base: string, token: string) => { connection: Record<string, unknown>; credentials: Record<string, unknown> };
  fields: string[];
}

const twilio = new FakeTwilioServer(SID, 'twilio-token-123');
const vonage = new FakeVonageServer('vkey', 'vsecret');
const infobip = new FakeInfobipServer('ib-key');
const mylink = new FakeMyLinkServer('ml-client', 'ml-secret');
const sinch = new FakeSinchServer('plan-1', 'sinch-token');

const cases: Case[] = [
  { provider: 'twilio', fake: twilio, fields: ['baseUrl'],
    settings: (base) => ({ connection: { accountSid: SID, baseUrl: base }, credentials: { authToken: 'twilio-token-123' } }) },
  { provider: 'vonage', fake: vonage, fields: ['baseUrl'],
    settings: (base) => ({ connection: { apiKey: 'vkey', baseUrl: base }, credentials: { apiSecret: 'vsecret', signatureSecret: SECRET } }) },
  { provider: 'infobip', fake: infobip, fields: ['baseUrl'],
    settings: (base) => ({ connection: { baseUrl: base }, credentials: { apiKey: 'ib-key', webhookSecret: SECRET } }) },
  { provider: 'mylink', fake: mylink, fields: ['baseUrl', 'tokenUrl'],
    settings: (base, token) => ({ connection: { baseUrl: base, tokenUrl: token, clientId: 'ml-client' }, credentials: { clientSecret: 'ml-secret', webhookSecret: SECRET } }) },
  { provider: 'sinch', fake: sinch, fields: ['baseUrl'],
    settings: (base) => ({ connection: { servicePlanId: 'plan-1', baseUrl: base }, credentials: { apiToken: 'sinch-token', webhookSecret: SECRET } }) },
];

const HELLO: FlowDefinitionInput = { specVersion: 1, nodes: [
  { id: 'start', type: 'trigger', config: { keywords: [], rest: true } },
  { id: 'hello', type: 'reply', config: { text: 'Hello from Moflow' } },
], edges: [{ id: 'e1', source: 'start', target: 'hello' }] };

let t: TestApp;
let admin: Agent;
let ds: DataSource;
let key = '';
let flowId = '';

const localhostUrl = (fake: FakeHttpServer, path = '') => fake.baseUrl.replace('127.0.0.1', 'localhost') + path;
const allow = async (entry: string) => {
  const res = await admin.post('/api/v1/settings/lookup-allowlist').send({ entry, note: 'fake provider' });
  expect(res.status).toBe(201);
  return res.body.id as string;
};
const disallow = async (id: string) => expect((await admin.delete(`/api/v1/settings/lookup-allowlist/${id}`)).status).toBe(204);
const outTo = (to: string) => eventually(async () => {
  const m = await ds.getRepository(MessageEntity).findOneBy({ to, direction: 'out' });
  return m && (m.status === 'sent' || m.status === 'failed') ? m : null;
}, `the MT to ${to} settled`);
const detailOf = async (m: MessageEntity) =>
  ((await admin.get('/api/v1/messages').query({ contactId: m.contactId, direction: 'out' })).body.items as Array<{ detail: string | null }>)[0]?.detail;

beforeAll(async () => {
  for (const c of cases) await c.fake.start();
  t = await createTestApp();
  admin = await t.loginAs('admin');
  ds = t.app.get(DataSource);
  key = await t.apiKey(['flows:execute']);
  flowId = await publishFlow(t, 'Hello', HELLO);
});
afterAll(async () => {
  await t?.close();
  for (const c of cases) await c.fake.stop();
});

describe("providers' URL overrides follow the lookups' address policy", () => {
  cases.forEach((c, i) => {
    const address = `+1415555073${i}`;
    it(`${c.provider}: refused at create and update (400 naming the field) unless allow-listed; judged again on every connection`, async () => {
      // At save: a literal internal address, or localhost, in any URL field.
      for (const field of c.fields) {
        for (const [url, reason] of [['http://127.0.0.2:18081', 'loopback'], ['http://10.1.2.3', 'private'], ['http://[::ffff:169.254.169.254]', 'linkLocal'], ['http://localhost:9', 'loopback']] as const) {
          const bad = c.settings('https://api.example.com', 'https://auth.example.com/token');
          bad.connection[field] = url;
          const res = await admin.post('/api/v1/channels').send({ name: `${c.provider} bad`, provider: c.provider, address, ...bad });
          expect(res.status, `${field}=${url}`).toBe(400);
          expect(res.body.problems, `${field}=${url}`).toEqual([expect.objectContaining({
            path: `connection.${field}`, message: expect.stringMatching(new RegExp(`is refused \\(${reason} address\\): outbound URLs follow the lookups' address policy; an admin can allow-list the host or range`)),
          })]);
        }
      }

      // Allow-listed: saved, and MTs reach the provider on this machine.
      const entry = await allow('127.0.0.1');
      const created = await admin.post('/api/v1/channels').send({ name: `${c.provider} local`, provider: c.provider, address, ...c.settings(localhostUrl(c.fake), localhostUrl(c.fake, '/oauth/token')) });
      expect(created.status).toBe(201);
      const channelId = created.body.id as string;
      for (const field of c.fields) {
        const patched = await admin.patch(`/api/v1/channels/${channelId}`).send({ connection: { [field]: 'http://192.168.7.7/api' } });
        expect(patched.status).toBe(400);
        expect(patched.body.problems).toEqual([expect.objectContaining({ path: `connection.${field}`, message: expect.stringContaining('192.168.7.7 is refused (private address)') })]);
      }
      const execute = (to: string) => t.http.post(`/api/v1/flows/${flowId}/executions`).set('Authorization', `Bearer ${key}`).send({ to, channelId });
      expect((await execute(`+1415559${i}001`)).status).toBe(201);
      expect((await outTo(`+1415559${i}001`)).status).not.toBe('failed');
      const reached = c.fake.requests.length;
      expect(reached).toBeGreaterThan(0);

      // The entry is removed: the next MT is refused where the adapter connects (the kept-alive
      // connection opened under the old list is not reused), fails without a retry, and nothing reaches the provider.
      await disallow(entry);
      expect((await execute(`+1415559${i}002`)).status).toBe(201);
      const refused = await outTo(`+1415559${i}002`);
      expect(refused.status).toBe('failed');
      expect(await detailOf(refused)).toMatch(/localhost \(127\.0\.0\.1\) refused: loopback address; an admin can allow-list the host or range/);
      expect(c.fake.requests.length).toBe(reached);
    });
  });

  it("mylink: the token URL is judged when its connection opens, apart from the API's", async () => {
    const byName = await allow('localhost'); // the API base, by host name
    const byAddress = await allow('127.0.0.1'); // the token URL, a literal
    const created = await admin.post('/api/v1/channels').send({ name: 'MyLINK split', provider: 'mylink', address: '+14155550739', ...cases[3]!.settings(localhostUrl(mylink), `${mylink.baseUrl}/oauth/token`) });
    expect(created.status).toBe(201);
    await disallow(byAddress);
    const before = mylink.requests.length;
    const res = await t.http.post(`/api/v1/flows/${flowId}/executions`).set('Authorization', `Bearer ${key}`).send({ to: '+14155599901', channelId: created.body.id });
    expect(res.status).toBe(201);
    const refused = await outTo('+14155599901');
    expect(refused.status).toBe('failed');
    expect(await detailOf(refused)).toMatch(/127\.0\.0\.1 refused: loopback address/);
    expect(mylink.requests.length).toBe(before);
    await disallow(byName);
  });
});

describe("an SMSC's host follows the same policy", () => {
  it('refuses an internal host at save (400 naming connection.host) and judges the host again at every (re)connect', async () => {
    const smsc = new FakeSmsc('moflow', 'secret12');
    const port = await smsc.start();
    try {
      const smppChannel = (host: string) => ({ name: 'SMSC', provider: 'smpp', kind: 'short_code', address: '12399', defaultRegion: 'GB',
        connection: { host, port, systemId: 'moflow' }, credentials: { password: 'secret12' } });
      for (const [host, reason] of [['127.0.0.2', 'loopback'], ['10.20.30.40', 'private'], ['localhost', 'loopback'], ['[::1]', 'loopback'], ['::ffff:10.0.0.1', 'private'], ['2130706433', 'loopback'], ['0x7f.1', 'loopback']] as const) {
        const res = await admin.post('/api/v1/channels').send(smppChannel(host));
        expect(res.status, host).toBe(400);
        expect(res.body.problems, host).toEqual([expect.objectContaining({ path: 'connection.host', message: expect.stringContaining(`is refused (${reason} address)`) })]);
      }

      const entry = await allow('127.0.0.1');
      const created = await admin.post('/api/v1/channels').send(smppChannel('localhost'));
      expect(created.status).toBe(201);
      await eventually(async () => smsc.boundSessions >= 1, 'the bind to the allow-listed SMSC');
      const binds = smsc.binds;

      // The entry goes; the SMSC drops the link: the ESME's reconnect is refused before any socket opens to it.
      await disallow(entry);
      smsc.dropConnections();
      const status = await eventually(async () => {
        const body = (await admin.get(`/api/v1/channels/${created.body.id}/status`)).body as { smpp?: { lastError: string | null } };
        return body.smpp?.lastError?.includes('refused') ? body.smpp : null;
      }, 'the refused reconnect');
      expect(status.lastError).toMatch(/cannot connect to localhost:\d+: .*localhost \(127\.0\.0\.1\) refused: loopback address; an admin can allow-list the host or range/);
      expect(smsc.binds).toBe(binds);
      expect(smsc.boundSessions).toBe(0);
      expect((await admin.delete(`/api/v1/channels/${created.body.id}`)).status).toBe(204);
    } finally {
      await smsc.stop();
    }
  });
});
