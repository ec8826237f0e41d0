/**
 * An SMPP multipart MO whose process dies between its parts: part 1 is acknowledged
 * (deliver_sm_resp), the API is SIGKILLed, restarted on the same SQLite file, rebinds, and only
 * part 2 is delivered (an SMSC never resends a part it got a resp for). The joined MO must still
 * start its run and be answered, once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeSmsc, type MoOptions } from '@moflow/providers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from '../bench/mo/seed';
import { Stack } from '../bench/mo/stack';
import { skipReason, titled } from './gates';
import { sleep } from './provider-sender';

// Runs wherever the SQLite stack can start: the ESME hands each part to the inbox, which stores it
// (with its wire bytes) before deliver_sm_resp and joins the group in the flush that completes it.
const unavailableHere = skipReason('sqlite');

const FROM = '+447700900123';
const TEXT = `LONG ${'abcdefghij'.repeat(20)}`; // 205 GSM-7 characters: two parts of at most 153

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe.skipIf(!!unavailableHere)(titled('SMPP: a multipart MO whose process dies between parts', unavailableHere), () => {
  const smsc = new FakeSmsc('moflow', 'secret12');
  const dir = mkdtempSync(join(tmpdir(), 'moflow-chaos-smpp-'));
  let stack: Stack;

  beforeAll(async () => {
    await smsc.start();
    stack = await Stack.start({ mode: 'sqlite', sqlitePath: join(dir, 'moflow.db') });
  });
  afterAll(async () => {
    await stack?.stop();
    await smsc.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // The control, which also sets up the channel and flow the crash case uses: the same SMSC and
  // flow answer a two-part MO when nobody dies, so the crash case fails for the crash alone.
  it('answers a two-part MO delivered without a crash', async () => {
    const admin = await AdminClient.login(stack.baseUrl);
    await admin.publish('Long MO', { specVersion: 1, nodes: [
      { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: ['LONG'] } },
      { id: 'answer', type: 'reply', position: { x: 0, y: 150 }, config: { text: 'Got {{ $length(message.text) }} characters' } },
      { id: 'done', type: 'end', position: { x: 0, y: 300 }, config: {} },
    ], edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'answer' },
      { id: 'e2', source: 'answer', sourceHandle: 'next', target: 'done' },
    ] });
    // the SMSC listens on 127.0.0.1: an SMPP host is reached only allow-listed (lookups' address policy)
    await admin.request('POST', '/settings/lookup-allowlist', { entry: '127.0.0.1', note: 'fake SMSC' });
    await admin.request('POST', '/channels', {
      name: 'SMSC', provider: 'smpp', kind: 'short_code', address: '12345', defaultRegion: 'GB',
      connection: { host: '127.0.0.1', port: smsc.address.port, systemId: 'moflow' }, credentials: { password: 'secret12' },
    });
    await until('the first bind', () => smsc.boundSessions >= 1);
    expect(await smsc.deliverMo({ from: '+447700900999', to: '12345', text: TEXT, concat: { via: 'udh8', ref: 41, partBytes: 153 } })).toEqual([0, 0]);
    await until('the reply to the control MO', () => smsc.submits.length >= 1);
    expect(smsc.submits.map((s) => [s.destination, s.text])).toEqual([['447700900999', `Got ${TEXT.length} characters`]]);
    smsc.submits.length = 0;
  });

  it('is completed after the restart from the acknowledged part plus the new one, and answered once', async () => {
    const mo: MoOptions = { from: FROM, to: '12345', text: TEXT, concat: { via: 'udh8', ref: 42, partBytes: 153 } };
    expect(await smsc.deliverMo({ ...mo, order: [0] })).toEqual([0]);
    await stack.api.stop('SIGKILL');
    await until('the dead bind to drop', () => smsc.boundSessions === 0);

    await stack.restartApi();
    await until('the bind after the restart', () => smsc.binds >= 2 && smsc.boundSessions >= 1);
    expect(await smsc.deliverMo({ ...mo, order: [1] })).toEqual([0]);

    await until('the reply to the joined MO', () => smsc.submits.length >= 1);
    await sleep(2_000); // a second reply would arrive now
    expect(smsc.submits.map((s) => [s.destination, s.text])).toEqual([[FROM.slice(1), `Got ${TEXT.length} characters`]]);
  });
});
