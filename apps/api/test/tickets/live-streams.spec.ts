import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MessageDto, MessageStatusEventDto, TicketDto, TicketEntryEventDto } from '@moflow/api-contract';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsersService } from '../../src/auth/users.service';
import { sendMo, simulatorChannel, type ChannelInfo } from '../conversations/messaging-fixtures';
import { eventually, publishFlow } from '../runs/run-fixtures';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, type TestApp } from '../support/test-app';

const PHONE = '+14155556101';

const agentFlow: FlowDefinitionInput = {
  specVersion: 1,
  nodes: [
    { id: 'start', type: 'trigger', config: { keywords: ['AGENT'] } },
    { id: 'ticket', type: 'ticket', config: { subject: 'Callback for {{ contact.phone }}', body: 'Asked: {{ message.text }}', team: 'care', priority: 'normal' } },
    { id: 'ack', type: 'reply', config: { text: 'A person will text you shortly.' } },
    { id: 'done', type: 'end', config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'ticket' },
    { id: 'e2', source: 'ticket', target: 'ack' },
    { id: 'e3', source: 'ack', target: 'done' },
  ],
};

interface Frame { event: string; data: unknown }

/** A real SSE client over HTTP: collects frames until closed. */
class SseClient {
  readonly frames: Frame[] = [];
  ended = false;
  private constructor(private readonly req: http.ClientRequest, readonly status: number) {}

  static async open(port: number, path: string, cookie: string): Promise<SseClient> {
    const req = http.get({ host: '127.0.0.1', port, path, headers: { cookie, accept: 'text/event-stream' } });
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => { req.on('response', resolve); req.on('error', reject); });
    const client = new SseClient(req, response.statusCode ?? 0);
    let buffer = '';
    response.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
        const lines = buffer.slice(0, i).split('\n');
        buffer = buffer.slice(i + 2);
        const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
        const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
        if (event && data) client.frames.push({ event, data: JSON.parse(data) });
      }
    });
    response.on('end', () => { client.ended = true; });
    response.on('close', () => { client.ended = true; });
    return client;
  }

  of<T>(event: string): T[] {
    return this.frames.filter((f) => f.event === event).map((f) => f.data as T);
  }

  close(): void {
    this.req.destroy();
  }
}

let t: TestApp;
let channel: ChannelInfo;
let port = 0;
let users = 0;

async function cookieFor(role: 'admin' | 'ops' | 'editor'): Promise<string> {
  let email = ADMIN_EMAIL;
  let password = ADMIN_PASSWORD;
  if (role !== 'admin') {
    email = `live-${role}-${++users}@test.local`;
    password = `${role}-password-123`;
    await t.app.get(UsersService).create({ email, password, name: `Live ${role}`, role });
  }
  const login = await request(t.app.getHttpServer()).post('/api/v1/auth/login').send({ email, password });
  if (login.status !== 200) throw new Error(`login ${email}: ${login.status}`);
  return (login.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
}

beforeAll(async () => {
  t = await createTestApp({ env: { STREAM_RECHECK_MS: '150' } });
  channel = await simulatorChannel(t);
  await publishFlow(t, 'Agent', agentFlow);
  await t.app.listen(0, '127.0.0.1');
  port = (t.app.getHttpServer().address() as AddressInfo).port;
});
afterAll(async () => {
  await t?.close();
});

describe(`live tickets and messages over SSE (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it('streams a new ticket, the MO and the flow reply, then the thread entry and status of an ops reply', async () => {
    const opsCookie = await cookieFor('ops');
    const tickets = await SseClient.open(port, '/api/v1/tickets/stream', opsCookie);
    const messages = await SseClient.open(port, '/api/v1/messages/stream', opsCookie);
    expect([tickets.status, messages.status]).toEqual([200, 200]);
    try {
      expect((await sendMo(t, channel.id, PHONE, 'AGENT please')).status).toBe(200);
      const [ticket] = await eventually(async () => tickets.of<TicketDto>('ticket').length > 0 && tickets.of<TicketDto>('ticket'), 'the ticket event');
      expect(ticket).toMatchObject({ subject: `Callback for ${PHONE}`, team: 'care', status: 'open', contactPhone: PHONE, channelId: channel.id, assigneeId: null });
      expect(ticket).not.toHaveProperty('thread');
      const mo = await eventually(async () => messages.of<MessageDto>('message').find((m) => m.direction === 'in'), 'the MO event');
      expect(mo).toMatchObject({ from: PHONE, text: 'AGENT please', rule: 'keyword', contactId: ticket!.contactId });
      const ack = await eventually(async () => messages.of<MessageDto>('message').find((m) => m.direction === 'out'), 'the flow reply event');
      expect(ack).toMatchObject({ to: PHONE, text: 'A person will text you shortly.', status: 'queued' });
      // The simulator provider records the MT: its status change arrives on the same stream.
      await eventually(async () => messages.of<MessageStatusEventDto>('message_status').find((s) => s.id === ack.id && s.status === 'sent'), 'the reply sent');

      // The contact writes again: the MO joins the open ticket's thread.
      expect((await sendMo(t, channel.id, PHONE, 'my router is broken')).status).toBe(200);
      const entry = await eventually(async () => tickets.of<TicketEntryEventDto>('ticket_entry').find((e) => e.entry.direction === 'in'), 'the thread entry event');
      expect(entry).toMatchObject({ ticketId: ticket!.id, entry: { text: 'my router is broken', authorId: null } });

      const ops = await t.loginAs('ops');
      const reply = await ops.post(`/api/v1/tickets/${ticket!.id}/replies`).send({ text: 'Restart it, please.' });
      expect(reply.status).toBe(201);
      const out = await eventually(async () => tickets.of<TicketEntryEventDto>('ticket_entry').find((e) => e.entry.direction === 'out'), 'the reply entry event');
      expect(out.entry).toMatchObject({ text: 'Restart it, please.', messageId: reply.body.messageId, messageStatus: 'queued', authorId: expect.any(String) });
      await eventually(async () => messages.of<MessageDto>('message').find((m) => m.id === reply.body.messageId), 'the ops reply as a new MT');
      await eventually(async () => messages.of<MessageStatusEventDto>('message_status').find((s) => s.id === reply.body.messageId && s.status === 'sent'), 'the ops reply sent');

      expect((await ops.patch(`/api/v1/tickets/${ticket!.id}`).send({ status: 'closed' })).status).toBe(200);
      const closed = await eventually(async () => tickets.of<TicketDto>('ticket').find((x) => x.status === 'closed'), 'the status change event');
      expect(closed).toMatchObject({ id: ticket!.id, closedAt: expect.any(String) });
    } finally {
      tickets.close();
      messages.close();
    }
  });

  it('masks numbers and hides texts from editors, and keeps the ticket stream to ops and admins', async () => {
    const editorCookie = await cookieFor('editor');
    const refused = await request(t.app.getHttpServer()).get('/api/v1/tickets/stream').set('Cookie', editorCookie);
    expect(refused.status).toBe(403);
    const messages = await SseClient.open(port, '/api/v1/messages/stream', editorCookie);
    try {
      expect((await sendMo(t, channel.id, '+14155556102', 'AGENT now')).status).toBe(200);
      const mo = await eventually(async () => messages.of<MessageDto>('message').find((m) => m.direction === 'in'), 'the masked MO event');
      expect(mo.text).toBe('[hidden]');
      expect(mo.from).not.toContain('5556102');
    } finally {
      messages.close();
    }
  });

  it('refuses the streams without credentials, with an API key, and with a bad filter', async () => {
    for (const path of ['/api/v1/tickets/stream', '/api/v1/messages/stream']) {
      expect((await t.http.get(path)).status).toBe(401);
      const key = await t.apiKey(['runs:read']);
      expect((await t.http.get(path).set('Authorization', `Bearer ${key}`)).status).toBe(403);
    }
    const bad = await (await t.loginAs('ops')).get('/api/v1/messages/stream?contactId=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0]).toMatchObject({ path: 'contactId', message: 'must be a contact id' });
  });

  it('ends a stream when its session ends (logout)', async () => {
    const cookie = await cookieFor('admin');
    const stream = await SseClient.open(port, '/api/v1/tickets/stream', cookie);
    expect(stream.status).toBe(200);
    const csrf = /moflow_csrf=([^;]+)/.exec(cookie)?.[1];
    const logout = await request(t.app.getHttpServer()).post('/api/v1/auth/logout').set('Cookie', cookie).set('X-CSRF-Token', decodeURIComponent(csrf ?? ''));
    expect(logout.status).toBeLessThan(300);
    await eventually(async () => stream.ended, 'the stream closed after logout', 3_000);
  });
});
