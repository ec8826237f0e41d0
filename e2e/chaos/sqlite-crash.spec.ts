/**
 * SIGKILL the single SQLite process while MOs pour in, restart it on the same file: every MO the
 * API acknowledged yields exactly one run and one reply, and no MT reaches the provider twice.
 * The "provider" then redelivers what was never acknowledged (same ids) plus some acknowledged
 * MOs again, as real carriers do after a timeout; dedupe must absorb those.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeProvider } from '../bench/mo/fake-provider';
import { keepAliveAgent, postMo, type Mo } from '../bench/mo/http-load';
import { ReplyLog } from '../bench/mo/replies';
import { AdminClient, CHANNEL_ADDRESS, keywordReplyFlow, MO_SECRET, MT_SECRET, phone } from '../bench/mo/seed';
import { Stack } from '../bench/mo/stack';
import { skipReason, titled } from './gates';
import { deliverUntilAcked, doubles, sleep } from './provider-sender';

// Measured on the pre-rewrite path (loaded machine): 11 of ~70 acknowledged MOs were answered twice after the restart.
const why = skipReason('sqlite', 'acknowledged MOs in flight at the kill are handled again after the restart: replies doubled');

const CONTACTS = 200;
const CONNECTIONS = 8;

describe.skipIf(!!why)(titled('SQLite, one process, killed during a load', why), () => {
  const provider = new FakeProvider(MT_SECRET);
  const agent = keepAliveAgent(CONNECTIONS * 2);
  const dir = mkdtempSync(join(tmpdir(), 'moflow-chaos-sqlite-'));
  let stack: Stack;

  beforeAll(async () => {
    await provider.start();
    stack = await Stack.start({ mode: 'sqlite', sqlitePath: join(dir, 'moflow.db') });
  });
  afterAll(async () => {
    agent.destroy();
    await stack?.stop();
    await provider.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // An MT the sender had marked `sending` when the process was SIGKILLed has an unknown outcome: the
  // generic protocol's `id` is an idempotency key, so after the restart (once its lease runs out)
  // it is sent again with the same id and the provider answers the copy as the message it has.
  it('every acknowledged MO gets exactly one run and one reply after a SIGKILL and restart, no MT sent twice', async () => {
    let admin = await AdminClient.login(stack.baseUrl);
    const channelId = await admin.genericChannel(provider.url);
    const flowId = await admin.publish('Crash test', keywordReplyFlow('PIZZA'));
    const url = `${stack.baseUrl}/api/v1/inbound/${channelId}`;
    const log = new ReplyLog(provider, 'k');
    const sent = new Map<string, Mo>();
    const acked = new Set<string>();

    // Load until the kill: each connection sends its next MO as soon as the last is answered.
    let n = 0;
    let killed = false;
    const load = Promise.all(Array.from({ length: CONNECTIONS }, async () => {
      while (!killed) {
        const i = n++;
        const mo: Mo = { id: `k-${i}`, from: phone(2, i % CONTACTS), to: CHANNEL_ADDRESS, text: `PIZZA k${i}` };
        sent.set(mo.id, mo);
        const r = await postMo(agent, url, MO_SECRET, mo);
        if (r.status >= 200 && r.status < 300) acked.add(mo.id);
      }
    }));
    // Kill once replies are flowing and the pipeline is busy, so the crash lands mid-turn.
    const busy = Date.now() + 30_000;
    while ((acked.size < 60 || log.handled < 10) && Date.now() < busy) await sleep(50);
    await stack.api.stop('SIGKILL');
    killed = true;
    await load;
    const ackedBeforeKill = new Set(acked);
    expect(ackedBeforeKill.size).toBeGreaterThanOrEqual(10);

    await stack.restartApi();
    admin = await AdminClient.login(stack.baseUrl);
    // The provider redelivers everything unacknowledged, and 20 acknowledged MOs once more.
    const redeliver = [...sent.values()].filter((m) => !acked.has(m.id)).concat([...ackedBeforeKill].slice(0, 20).map((id) => sent.get(id)!));
    for (const mo of redeliver) {
      await deliverUntilAcked(agent, url, mo);
      acked.add(mo.id);
    }
    expect(acked.size).toBe(sent.size);

    const texts = [...sent.values()].map((m) => m.text);
    const allAnswered = await provider.waitUntil(() => texts.every((t) => log.firstArrival(t) !== undefined), 60_000, 240_000);
    await sleep(3_000); // a reply sent twice would arrive now
    const unanswered = [...sent.values()].filter((m) => log.firstArrival(m.text) === undefined).map((m) => m.id);
    expect({ allAnswered, unanswered }).toEqual({ allAnswered: true, unanswered: [] });
    // One message per MO reached the provider: no two ids carry the same reply (a resend with the same id is the same message).
    const mine = provider.received.filter((m) => m.text.startsWith('Re: PIZZA k'));
    expect(doubles(mine)).toEqual({ texts: [], ids: [] });
    expect(mine).toHaveLength(sent.size);
    const mineIds = new Set(mine.map((m) => m.id));
    const resent = provider.repeats.filter((m) => m.text.startsWith('Re: PIZZA k'));
    expect(resent.filter((m) => !mineIds.has(m.id))).toEqual([]);
    console.info(`chaos sqlite: ${ackedBeforeKill.size} MOs acknowledged before the kill, ${resent.length} MT(s) resent with the same id after the restart`);

    const runs = await admin.runsOf(flowId);
    expect(runs).toHaveLength(sent.size);
    const perContact = new Map<string, number>();
    for (const r of runs) perContact.set(r.contactPhone, (perContact.get(r.contactPhone) ?? 0) + 1);
    const expected = new Map<string, number>();
    for (const m of sent.values()) expected.set(m.from, (expected.get(m.from) ?? 0) + 1);
    expect(Object.fromEntries(perContact)).toEqual(Object.fromEntries(expected));
    log.close();
  });
});
