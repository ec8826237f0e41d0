import { createHmac } from 'node:crypto';
import { ChannelEntity, newId } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PinoNestLogger } from '../../src/logging/logger';
import { createTestApp, type Agent, type TestApp } from '../support/test-app';
import { allowLocalGateways } from '../conversations/messaging-fixtures';

let t: TestApp;
let admin: Agent;
const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-auth-token-1';
const NOWHERE = 'http://127.0.0.1:9';

beforeAll(async () => {
  t = await createTestApp();
  await allowLocalGateways(t);
  admin = await t.loginAs('admin');
});
afterAll(() => t?.close());

const twilio = (extra: Record<string, unknown> = {}) =>
  ({ name: 'Twilio', provider: 'twilio', address: '+14155550170', connection: { accountSid: SID, baseUrl: NOWHERE }, credentials: { authToken: TOKEN }, ...extra });

describe(`channel settings, one schema per provider (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it('serves every provider\'s fields with help text and which are secret, to every role; not anonymously', async () => {
    const res = await (await t.loginAs('ops')).get('/api/v1/channels/providers');
    expect(res.status).toBe(200);
    const tw = (res.body as Array<{ provider: string; webhookSecret: string; fields: Array<Record<string, unknown>> }>).find((p) => p.provider === 'twilio');
    expect(tw?.webhookSecret).toBe('authToken');
    expect(tw?.fields).toContainEqual(expect.objectContaining({ key: 'authToken', in: 'credentials', secret: true, required: true, help: expect.any(String) }));
    expect(tw?.fields).toContainEqual(expect.objectContaining({ key: 'accountSid', in: 'connection', secret: false }));
    expect((await t.http.get('/api/v1/channels/providers')).status).toBe(401);
  });

  it('refuses an unknown key naming it, a secret in connection, and a missing secret naming credentials.authToken', async () => {
    const typo = await admin.post('/api/v1/channels').send(twilio({ connection: { accountSid: SID, baseURL: NOWHERE } }));
    expect(typo.status).toBe(400);
    expect(typo.body.problems).toEqual([expect.objectContaining({ path: 'connection.baseURL', message: expect.stringContaining('did you mean connection.baseUrl?') })]);

    const misplaced = await admin.post('/api/v1/channels').send(twilio({ connection: { accountSid: SID, authToken: TOKEN }, credentials: undefined }));
    expect(misplaced.status).toBe(400);
    expect(misplaced.body.problems.map((p: { path: string }) => p.path)).toEqual(['connection.authToken', 'credentials.authToken']);
    expect(misplaced.body.message).toContain('credentials.authToken: is required');
    expect(JSON.stringify(misplaced.body)).not.toContain(TOKEN);
  });

  it('never returns a secret; PATCH merges connection and credentials key by key (null removes)', async () => {
    const created = await admin.post('/api/v1/channels').send(twilio());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ connection: { accountSid: SID, baseUrl: NOWHERE }, credentialFields: ['authToken'] });
    const id = created.body.id as string;

    const patched = await admin.patch(`/api/v1/channels/${id}`).send({ connection: { baseUrl: 'http://127.0.0.1:10' } });
    expect(patched.status).toBe(200);
    expect(patched.body.connection).toEqual({ accountSid: SID, baseUrl: 'http://127.0.0.1:10' });
    expect(patched.body.credentialFields).toEqual(['authToken']);

    const removed = await admin.patch(`/api/v1/channels/${id}`).send({ connection: { baseUrl: null } });
    expect(removed.body.connection).toEqual({ accountSid: SID });
    const noToken = await admin.patch(`/api/v1/channels/${id}`).send({ credentials: { authToken: null } });
    expect(noToken.status).toBe(400);
    expect(noToken.body.problems[0]).toMatchObject({ path: 'credentials.authToken' });
    const got = await admin.get(`/api/v1/channels/${id}`);
    expect(JSON.stringify(got.body)).not.toContain(TOKEN);
    expect((await admin.get('/api/v1/channels')).text).not.toContain(TOKEN);
  });

  it('a secret stored in connection before the schema is never shown and moves to credentials on the next save', async () => {
    const ds = t.app.get(DataSource);
    const id = newId();
    await ds.getRepository(ChannelEntity).insert({
      id, name: 'Legacy', provider: 'twilio', address: '+14155550171', defaultRegion: null, config: { accountSid: SID, authToken: TOKEN },
      credentialsEncrypted: null, createdAt: Date.now(), updatedAt: Date.now(),
    });
    const got = await admin.get(`/api/v1/channels/${id}`);
    expect(got.body.connection).toEqual({ accountSid: SID });
    const renamed = await admin.patch(`/api/v1/channels/${id}`).send({ name: 'Legacy renamed' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ connection: { accountSid: SID }, credentialFields: ['authToken'] });
    expect((await ds.getRepository(ChannelEntity).findOneByOrFail({ id })).config).toEqual({ accountSid: SID });
  });

  it('refuses channels lacking the secret their webhooks need; a generic inbound-only channel needs no url/secret', async () => {
    const sim = await admin.post('/api/v1/channels').send({ name: 'Sim', provider: 'simulator', address: '+14155550172' });
    expect(sim.status).toBe(400);
    expect(sim.body.problems[0]).toMatchObject({ path: 'credentials.webhookSecret', message: expect.stringContaining('webhooks of this channel are verified with it') });
    const smpp = await admin.post('/api/v1/channels').send({ name: 'S', provider: 'smpp', address: '12345', connection: { host: '127.0.0.1', port: 9, systemId: 'x' } });
    expect(smpp.body.problems).toEqual([expect.objectContaining({ path: 'credentials.password' })]);
    const inboundOnly = await admin.post('/api/v1/channels').send({ name: 'Gateway in', provider: 'generic', address: '+14155550173', credentials: { webhookSecret: 'w' } });
    expect(inboundOnly.status).toBe(201);
    const half = await admin.post('/api/v1/channels').send({ name: 'Gateway', provider: 'generic', address: '+14155550174', connection: { url: NOWHERE }, credentials: { webhookSecret: 'w' } });
    expect(half.body.problems).toEqual([expect.objectContaining({ path: 'credentials.secret', message: 'is required when connection.url is set (Outbound signing secret)' })]);
  });

  it('refuses a second channel with the same number on the same provider (409 naming the channel); another provider may share it', async () => {
    const first = await admin.post('/api/v1/channels').send(twilio({ name: 'Main line', address: '+14155550175' }));
    expect(first.status).toBe(201);
    const again = await admin.post('/api/v1/channels').send(twilio({ name: 'Copy', address: '(415) 555-0175', defaultRegion: 'US' }));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'CHANNEL_ADDRESS_TAKEN', problems: [expect.objectContaining({ path: 'address' })] });
    expect(again.body.message).toContain('"Main line"');
    const other = await admin.post('/api/v1/channels').send({ name: 'Sim', provider: 'simulator', address: '+14155550175', credentials: { webhookSecret: 'w' } });
    expect(other.status).toBe(201);
  });

  it('a webhook refused because the channel has no secret says so (403, its own code, logged with the reason), apart from a bad signature (401)', async () => {
    const ds = t.app.get(DataSource);
    const id = newId();
    // As the demo seed creates it: straight into the table, no secret.
    await ds.getRepository(ChannelEntity).insert({
      id, name: 'Demo', provider: 'simulator', address: '+15550100100', defaultRegion: 'US', config: {}, credentialsEncrypted: null, createdAt: Date.now(), updatedAt: Date.now(),
    });
    const warn = vi.spyOn(PinoNestLogger.prototype, 'warn');
    const body = JSON.stringify({ id: 'x-1', from: '+14155557010', to: '+15550100100', text: 'hi' });
    const noSecret = await t.http.post(`/api/v1/inbound/${id}`).set({ 'Content-Type': 'application/json', 'X-Moflow-Signature': 'sha256=00' }).send(body);
    expect(noSecret.status).toBe(403);
    expect(noSecret.body).toMatchObject({ code: 'WEBHOOK_SECRET_MISSING' });
    expect(noSecret.body.message).toContain('credentials.webhookSecret');
    expect(warn.mock.calls.map((c) => String(c[0]))).toContainEqual(expect.stringContaining('the channel has no credentials.webhookSecret'));

    const sim = await admin.post('/api/v1/channels').send({ name: 'Signed', provider: 'simulator', address: '+14155550176', credentials: { webhookSecret: 'right' } });
    const wrongSig = 'sha256=' + createHmac('sha256', 'wrong').update(body).digest('hex');
    const bad = await t.http.post(`/api/v1/inbound/${sim.body.id}`).set({ 'Content-Type': 'application/json', 'X-Moflow-Signature': wrongSig }).send(body);
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ code: 'WEBHOOK_UNAUTHENTICATED' });
    expect(warn.mock.calls.map((c) => String(c[0]))).toContainEqual(expect.stringContaining(`verified against http://localhost:3000/api/v1/inbound/${sim.body.id}`));
    warn.mockRestore();
  });
});
