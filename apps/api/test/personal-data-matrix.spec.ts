import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Role } from '@moflow/api-contract';
import { MessageEntity, RunEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinFlow, outboundSettled, sendMo, simulatorChannel } from './conversations/messaging-fixtures';
import { eventually, publishFlow } from './runs/run-fixtures';
import { nestRoutes, type RouteInfo } from './support/routes';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * The role rule for personal data, over the route matrix: every GET an editor may call answers
 * without the contact's number or what the contact wrote; admins and ops still see both.
 */
const PHONE = '+14155557788';
const SAID = 'order 99123 for Grace Hopper';
const DIGITS = PHONE.slice(1);
let t: TestApp;
let ids: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ env: { STREAM_RECHECK_MS: '200' } });
  const channel = await simulatorChannel(t);
  const flowId = await publishFlow(t, 'Join', joinFlow());
  await sendMo(t, channel.id, PHONE, 'JOIN');
  await outboundSettled(t, PHONE, 1);
  await sendMo(t, channel.id, PHONE, SAID);
  await outboundSettled(t, PHONE, 2);
  const ds = t.app.get(DataSource);
  const run = await eventually(() => ds.getRepository(RunEntity).findOneBy({ contactPhone: PHONE }), 'the run');
  const mo = await eventually(() => ds.getRepository(MessageEntity).findOneBy({ from: PHONE, text: SAID }), 'the MO');
  ids = { run: run.id, message: mo.id, flow: flowId, contact: run.contactId, channel: channel.id };
});
afterAll(() => t?.close());

/** A concrete URL for a route, with the ids of the seeded contact's data. */
function urlOf(route: RouteInfo): string {
  const kind = /\/runs/.test(route.path) ? 'run' : /\/messages/.test(route.path) ? 'message' : /\/flows/.test(route.path) ? 'flow'
    : /\/channels/.test(route.path) ? 'channel' : 'contact';
  return route.path.replace(/:(\w+)/g, (_m, name: string) => (/version/i.test(name) ? '1' : ids[kind]!));
}

const leaks = (body: string) => [PHONE, DIGITS, 'Grace Hopper', '99123'].filter((s) => body.includes(s));

describe('personal data by role, on every GET route', () => {
  it('editors never receive a number or a message body; ops and admins do', async () => {
    const routes = nestRoutes(t.app).filter((r) => r.method === 'GET' && !r.isPublic && !r.isStream);
    const editorRoutes = routes.filter((r) => (r.roles ?? ['admin', 'editor', 'ops']).includes('editor'));
    expect(editorRoutes.map((r) => r.path)).toEqual(expect.arrayContaining(['/api/v1/runs', '/api/v1/runs/:id', '/api/v1/messages', '/api/v1/messages/:id']));
    const editor = await t.loginAs('editor');
    const failures: string[] = [];
    for (const route of editorRoutes) {
      const res = await editor.get(urlOf(route));
      const found = leaks(res.text ?? JSON.stringify(res.body));
      if (found.length) failures.push(`${route.key} as editor → ${res.status} shows ${found.join(', ')}`);
    }
    expect(failures).toEqual([]);
    for (const role of ['ops', 'admin'] as Role[]) {
      const agent = await t.loginAs(role);
      for (const path of [`/api/v1/runs/${ids.run}`, `/api/v1/messages/${ids.message}`, '/api/v1/runs', '/api/v1/messages']) {
        const body = JSON.stringify((await agent.get(path)).body);
        expect(body, `${role} ${path}`).toContain(PHONE);
      }
      expect(JSON.stringify((await agent.get(`/api/v1/runs/${ids.run}`)).body)).toContain(SAID);
    }
  });

  it('shows editors the run structure: steps, handles, masked number, hidden texts', async () => {
    const editor = await t.loginAs('editor');
    const run = (await editor.get(`/api/v1/runs/${ids.run}`)).body as { contactPhone: string; steps: { nodeId: string | null; handle: string | null }[]; messages: { text: string }[]; vars: object };
    expect(run.contactPhone).toBe('+14155***788');
    expect(run.steps.some((s) => s.nodeId === 'wait' && s.handle === 'reply')).toBe(true);
    expect(run.messages.map((m) => m.text).every((x) => x === '[hidden]')).toBe(true);
    expect(run.vars).toEqual({});
    // searching texts would be an oracle for what contacts wrote
    expect((await editor.get('/api/v1/runs?text=Hopper')).status).toBe(403);
    expect((await editor.get('/api/v1/runs?error=Hopper')).status).toBe(403);
    expect((await editor.get('/api/v1/runs/export.csv')).status).toBe(403);
    expect((await (await t.loginAs('ops')).get('/api/v1/runs?text=Hopper')).body.items).toHaveLength(1);
  });

  it('masks the number in the run stream for editors', async () => {
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    await (await t.loginAs('admin')).post('/api/v1/users').send({ email: 'stream-editor@test.local', password: 'stream-editor-pw-1', role: 'editor' }).expect(201);
    const login = await t.http.post('/api/v1/auth/login').send({ email: 'stream-editor@test.local', password: 'stream-editor-pw-1' });
    const cookie = (login.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    const frames: string[] = [];
    const req = http.get({ host: '127.0.0.1', port, path: '/api/v1/runs/stream', headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      res.on('data', (c: Buffer) => frames.push(c.toString()));
    });
    await new Promise((r) => setTimeout(r, 200));
    await sendMo(t, ids.channel!, '+14155557799', 'JOIN');
    await eventually(async () => frames.join('').includes('event: run'), 'a run event');
    req.destroy();
    expect(frames.join('')).toContain('+14155***799');
    expect(frames.join('')).not.toContain('14155557799');
  });
});
