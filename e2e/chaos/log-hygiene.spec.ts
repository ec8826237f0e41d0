/**
 * Log hygiene, from outside the process: the built API started at LOG_LEVEL=debug (every line it
 * can write), a whole conversation driven through it — signed webhooks, a refused signature, a
 * webhook with its fields in the query, an SMPP MO, the replies, the ops reads that filter by
 * number — and then every line it printed is scanned for the test numbers (in any form) and texts.
 * Also checks the start-up warning of a PUBLIC_URL left at its default on another port.
 * Here with the crash tests because it needs the built server as a real process.
 */
import { createHmac } from 'node:crypto';
import { FakeSmsc } from '@moflow/providers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeProvider } from '../bench/mo/fake-provider';
import { AdminClient, CHANNEL_ADDRESS, MO_SECRET, MT_SECRET } from '../bench/mo/seed';
import { Stack } from '../bench/mo/stack';
import { skipReason, titled } from './gates';
import { sleep } from './provider-sender';

const unavailableHere = skipReason('sqlite');

const PHONE = '+14155550142';
const SMPP_PHONE = '+447700900142';
const SECRET_TEXT = 'Zanzibar quokka 4711';
const SMPP_TEXT = 'JOIN marmalade lighthouse';

/** Every way a number can show up in a line: E.164, without "+", URL-encoded, national digits. */
const forms = (e164: string) => [e164, e164.slice(1), encodeURIComponent(e164), e164.slice(-10)];

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe.skipIf(!!unavailableHere)(titled('log lines of a whole conversation carry no number and no message text', unavailableHere), () => {
  const smsc = new FakeSmsc('moflow', 'secret12');
  const provider = new FakeProvider(MT_SECRET);
  let stack: Stack;
  let output = '';

  beforeAll(async () => {
    await smsc.start();
    await provider.start();
    stack = await Stack.start({ mode: 'sqlite', logLevel: 'debug' });
    output = stack.api.log();
    stack.api.child.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
    stack.api.child.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
  });
  afterAll(async () => {
    await stack?.stop();
    await smsc.stop();
    await provider.stop();
  });

  it('says at start-up that PUBLIC_URL was left at its default while the server listens on another port', () => {
    const port = new URL(stack.baseUrl).port;
    expect(output).toMatch(new RegExp(`PUBLIC_URL is not set.*listens on port ${port}`));
  });

  it('masks every number and drops every text', async () => {
    const admin = await AdminClient.login(stack.baseUrl);
    const channelId = await admin.genericChannel(provider.url);
    await admin.publish('Conversation', { specVersion: 1, nodes: [
      { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: ['JOIN'] } },
      { id: 'ask', type: 'reply', position: { x: 0, y: 100 }, config: { text: 'Your order number?' } },
      { id: 'wait', type: 'wait', position: { x: 0, y: 200 }, config: { timeoutSeconds: 3600 } },
      { id: 'pick', type: 'match', position: { x: 0, y: 300 }, config: { input: 'message.text', cases: [{ id: 'yes', mode: 'exact', values: ['YES'] }] } },
      { id: 'echo', type: 'reply', position: { x: 0, y: 400 }, config: { text: 'We noted: {{ message.text }}' } },
    ], edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' }, { id: 'e2', source: 'ask', sourceHandle: 'next', target: 'wait' },
      { id: 'e3', source: 'wait', sourceHandle: 'reply', target: 'pick' }, { id: 'e4', source: 'pick', sourceHandle: 'other', target: 'echo' },
    ] });
    await admin.request('POST', '/channels', {
      name: 'SMSC', provider: 'smpp', kind: 'short_code', address: '12345', defaultRegion: 'GB',
      connection: { host: '127.0.0.1', port: smsc.address.port, systemId: 'moflow' }, credentials: { password: 'secret12' },
    });

    const url = `${stack.baseUrl}/api/v1/inbound/${channelId}`;
    let n = 0;
    const mo = (text: string, secret = MO_SECRET) => {
      const body = JSON.stringify({ id: `hyg-${++n}`, from: PHONE, to: CHANNEL_ADDRESS, text });
      const sig = 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
      return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-moflow-signature': sig }, body });
    };
    expect((await mo('JOIN')).status).toBe(200);
    await until('the question', () => provider.received.length >= 1);
    expect((await mo(SECRET_TEXT)).status).toBe(200);
    await until('the echo', () => provider.received.length >= 2);
    expect(provider.received[1]?.text).toBe(`We noted: ${SECRET_TEXT}`);
    // Refused: a wrong signature (logged with the verified URL), fields in a query, a malformed number.
    expect((await mo(`${SECRET_TEXT} again`, 'not-the-secret-at-all')).status).toBe(401);
    expect((await fetch(`${url}?from=${encodeURIComponent(PHONE)}&text=${encodeURIComponent(SECRET_TEXT)}`)).status).toBeGreaterThanOrEqual(400);
    const badBody = JSON.stringify({ id: 'hyg-bad', from: PHONE.slice(2), to: CHANNEL_ADDRESS, text: SECRET_TEXT });
    const badSig = 'sha256=' + createHmac('sha256', MO_SECRET).update(badBody).digest('hex');
    expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-moflow-signature': badSig }, body: badBody })).status).toBeLessThan(500);

    await until('the SMPP bind', () => smsc.boundSessions >= 1);
    expect(await smsc.deliverMo({ from: SMPP_PHONE, to: '12345', text: SMPP_TEXT })).toEqual([0]);
    await until('the SMPP reply', () => smsc.submits.length >= 1);

    // Ops reads that carry the number in the URL.
    const contacts = await admin.request<{ items: Array<{ id: string }> }>('GET', `/contacts?phone=${encodeURIComponent(PHONE)}`);
    expect(contacts.items).toHaveLength(1);
    await admin.request('GET', `/runs?contact=${encodeURIComponent(PHONE)}`);
    await admin.request('GET', `/messages?contactId=${contacts.items[0]!.id}`);
    await sleep(500); // let the last lines reach the pipe

    expect(output).toMatch(/"path":"\/api\/v1\/inbound\//); // the access log did write lines
    expect(output).toContain('signature or secret does not match'); // and the refusals their warnings
    const leaks: string[] = [];
    for (const needle of [...forms(PHONE), ...forms(SMPP_PHONE), SECRET_TEXT, encodeURIComponent(SECRET_TEXT), 'quokka', 'marmalade', 'Your order number?']) {
      for (const line of output.split('\n')) if (line.includes(needle)) leaks.push(`${needle} in: ${line.slice(0, 300)}`);
    }
    expect(leaks).toEqual([]);
  });
});
