import type { MessageDto } from '@moflow/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { allowLocalGateways, createChannel, simulatorChannel, type ChannelInfo } from '../conversations/messaging-fixtures';

let t: TestApp;
let sim: ChannelInfo;

beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_URL: 'http://localhost:3000' } });
  await allowLocalGateways(t);
  sim = await simulatorChannel(t, { defaultRegion: 'GB' });
});
afterAll(async () => { await t?.close(); });

describe(`channel settings extras (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it('warns that a provider cannot reach a loopback PUBLIC_URL, and says nothing for the simulator', async () => {
    const admin = await t.loginAs('admin');
    const twilio = await createChannel(t, { name: 'Tw', provider: 'twilio', address: '+14155550142', connection: { accountSid: 'AC' + 'a'.repeat(32) }, credentials: { authToken: 'tok' } });
    expect((await admin.get(`/api/v1/channels/${twilio.id}/status`)).body).toMatchObject({ channelId: twilio.id, publicUrlWarning: expect.stringMatching(/cannot reach/) });
    expect((await admin.get(`/api/v1/channels/${sim.id}/status`)).body).toEqual({ channelId: sim.id, publicUrlWarning: null });
    expect((await admin.get('/api/v1/channels/00000000-0000-4000-8000-000000000000/status')).status).toBe(404);
    expect((await (await t.loginAs('ops')).get(`/api/v1/channels/${sim.id}/status`)).status).toBe(403);
  });

  it('reports an SMPP channel that cannot bind, with the last bind error', async () => {
    const admin = await t.loginAs('admin');
    // Nothing listens on port 9 of the loopback: the bind fails and says why.
    const smpp = await createChannel(t, { name: 'SMSC', provider: 'smpp', address: '+14155550143', connection: { host: '127.0.0.1', port: 9, systemId: 'esme' }, credentials: { password: 'pw' } });
    const status = await eventually(async () => {
      const body = (await admin.get(`/api/v1/channels/${smpp.id}/status`)).body as { smpp?: { state: string; lastError: string | null } };
      return body.smpp?.lastError ? body : null;
    }, 'a bind error');
    expect(status).toMatchObject({ publicUrlWarning: null, smpp: { state: 'not bound', lastError: expect.any(String), lastErrorAt: expect.any(String) } });
  });

  it('sends a test message through the gate and the provider (admin only, number validated)', async () => {
    const admin = await t.loginAs('admin');
    const res = await admin.post(`/api/v1/channels/${sim.id}/test-message`).send({ to: '07700 900888', text: 'Hello from the settings page' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ messageId: expect.any(String), status: expect.stringMatching(/^(queued|sending|sent|delivered)$/) });
    const sent = await eventually(async () => {
      const m = (await admin.get(`/api/v1/messages/${res.body.messageId}`)).body as MessageDto;
      return ['sent', 'delivered'].includes(m.status) ? m : null;
    }, 'the test message sent');
    expect(sent).toMatchObject({ to: '+447700900888', text: 'Hello from the settings page', channelId: sim.id, direction: 'out' });
    const bad = await admin.post(`/api/v1/channels/${sim.id}/test-message`).send({ to: 'call me' });
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0]).toMatchObject({ path: 'to' });
    expect((await admin.post(`/api/v1/channels/${sim.id}/test-message`).send({})).body.problems[0]).toMatchObject({ path: 'to' });
    expect((await (await t.loginAs('ops')).post(`/api/v1/channels/${sim.id}/test-message`).send({ to: '+447700900888' })).status).toBe(403);
  });
});
