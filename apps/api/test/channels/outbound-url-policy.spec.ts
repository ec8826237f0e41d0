import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessageEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMo, WEBHOOK_SECRET } from '../conversations/messaging-fixtures';
import { eventually, publishFlow } from '../runs/run-fixtures';
import { createTestApp, type Agent, type TestApp } from '../support/test-app';

let t: TestApp;
let admin: Agent;
let gateway: http.Server;
let gatewayUrl = '';
let received = 0;

const generic = (address: string, url: string) => ({
  name: `Gateway ${address}`, provider: 'generic', address, connection: { url }, credentials: { secret: 'out-secret-123', webhookSecret: WEBHOOK_SECRET },
});

beforeAll(async () => {
  gateway = http.createServer((req, res) => {
    received++;
    req.resume();
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"id":"gw-1"}'));
  });
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/mt`;
  t = await createTestApp();
  admin = await t.loginAs('admin');
});
afterAll(async () => {
  await t?.close();
  gateway?.close();
});

describe("a generic channel's gateway URL follows the lookups' address policy", () => {
  it('refuses internal addresses at create and update with a 400 naming connection.url', async () => {
    for (const url of ['http://127.0.0.1:9/mt', 'http://[::7f00:1]/mt', 'http://169.254.169.254/latest', 'http://10.1.2.3/mt', 'http://localhost:8080/mt']) {
      const res = await admin.post('/api/v1/channels').send(generic('+14155550181', url));
      expect(res.status, url).toBe(400);
      expect(res.body.problems, url).toEqual([expect.objectContaining({ path: 'connection.url', message: expect.stringMatching(/is refused \(.+\): outbound URLs follow the lookups' address policy/) })]);
    }
    const ok = await admin.post('/api/v1/channels').send(generic('+14155550182', 'https://gateway.example.com/mt'));
    expect(ok.status).toBe(201);
    const patched = await admin.patch(`/api/v1/channels/${ok.body.id}`).send({ connection: { url: 'http://192.168.1.20/mt' } });
    expect(patched.status).toBe(400);
    expect(patched.body.problems).toEqual([expect.objectContaining({ path: 'connection.url', message: expect.stringContaining('192.168.1.20 is refused (private address)') })]);
  });

  it('takes an allow-listed gateway, and refuses to send once the entry is gone (the MT fails with the reason, nothing reaches it)', async () => {
    const allowed = await admin.post('/api/v1/settings/lookup-allowlist').send({ entry: '127.0.0.1', note: 'gateway on this machine' });
    expect(allowed.status).toBe(201);
    // the number sendMo's MOs are addressed to
    const created = await admin.post('/api/v1/channels').send(generic('+14155550100', gatewayUrl));
    expect(created.status).toBe(201);
    const channelId = created.body.id as string;
    await publishFlow(t, 'Hello', {
      specVersion: 1,
      nodes: [{ id: 'start', type: 'trigger', config: { keywords: ['HELLO'] } }, { id: 'hi', type: 'reply', config: { text: 'Hi there' } }],
      edges: [{ id: 'e1', source: 'start', target: 'hi' }],
    });
    const ds = t.app.get(DataSource);
    const mtTo = async (phone: string) => (await ds.getRepository(MessageEntity).findOneBy({ to: phone, direction: 'out' })) ?? null;

    // allowed: delivered to the gateway
    expect((await sendMo(t, channelId, '+14155593101', 'HELLO', 'policy-mo-1')).status).toBe(200);
    const sent = await eventually(async () => ((await mtTo('+14155593101'))?.status === 'sent' ? mtTo('+14155593101') : null), 'the MT sent to the gateway');
    expect(sent?.status).toBe('sent');
    expect(received).toBe(1);

    // the admin takes the entry away: the next MT is refused at send time, not retried
    expect((await admin.delete(`/api/v1/settings/lookup-allowlist/${allowed.body.id}`)).status).toBe(204);
    expect((await sendMo(t, channelId, '+14155593102', 'HELLO', 'policy-mo-2')).status).toBe(200);
    const refused = await eventually(async () => {
      const m = await mtTo('+14155593102');
      return m && m.status === 'failed' ? m : null;
    }, 'the MT failed by the address policy');
    const listed = await admin.get('/api/v1/messages').query({ contactId: refused.contactId, direction: 'out' });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ status: 'failed', detail: expect.stringMatching(/127\.0\.0\.1 refused: loopback address; an admin can allow-list the host or range/) })]);
    expect(received).toBe(1);
  });
});
