import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { MessageEntity } from '@moflow/data-access';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { DataSource, In } from 'typeorm';
import { it } from 'vitest';
import { publishFlow } from '../test/runs/run-fixtures';
import { createTestApp } from '../test/support/test-app';
import { simulatorChannel, WEBHOOK_SECRET } from '../test/conversations/messaging-fixtures';

/**
 * Inbound MO path, end to end: signed generic webhooks → inbox (committed before the 2xx) →
 * dispatcher (per-contact order) → conversation rules → resume a waiting run → reply through the
 * sender's gate. CONTACTS send concurrently, each its MOs one after the other (what a phone does).
 * Prints the acknowledgement latency (the durability cost a provider sees) and MOs fully handled
 * per second. SQLite by default; PostgreSQL with DATABASE_URL, BullMQ with REDIS_URL.
 */
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 50);
const PER_CONTACT = Number(process.env.BENCH_MOS ?? 20);

const loop: FlowDefinitionInput = {
  specVersion: 1,
  nodes: [
    { id: 'start', type: 'trigger', config: { keywords: ['LOOP'] } },
    { id: 'wait', type: 'wait', config: { timeoutSeconds: 600 } },
    { id: 'echo', type: 'reply', config: { text: 'got {{ vars.reply }}' } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'wait' }, { id: 'e2', source: 'wait', sourceHandle: 'reply', target: 'echo' }, { id: 'e3', source: 'echo', target: 'wait' }],
};

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

it('inbound MO throughput', async () => {
  const t = await createTestApp();
  try {
    const channel = await simulatorChannel(t);
    await publishFlow(t, 'Loop', loop);
    await t.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/api/v1/inbound/${channel.id}`;
    const acks: number[] = [];
    const post = async (from: string, text: string, id: string) => {
      const body = JSON.stringify({ id, from, to: '+14155550100', text });
      const started = performance.now();
      const res = await fetch(base, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-moflow-signature': 'sha256=' + createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex') } });
      acks.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    };
    const phones = Array.from({ length: CONTACTS }, (_, i) => `+1415${String(6_000_000 + i).padStart(7, '0')}`);
    const started = performance.now();
    await Promise.all(phones.map(async (phone) => {
      await post(phone, 'loop', `${phone}-0`);
      for (let i = 1; i <= PER_CONTACT; i++) await post(phone, `m${i}`, `${phone}-${i}`);
    }));
    const acked = performance.now();
    const ds = t.app.get(DataSource);
    const total = CONTACTS * PER_CONTACT;
    for (;;) {
      const done = await ds.getRepository(MessageEntity).countBy({ direction: 'out', status: In(['sent', 'suppressed', 'failed']) });
      if (done >= total) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const finished = performance.now();
    const sorted = [...acks].sort((a, b) => a - b);
    const mos = total + CONTACTS;
    console.log(`\n[${t.database}${process.env.REDIS_URL ? '+bullmq' : ''}] inbound MOs: ${CONTACTS} contacts x ${PER_CONTACT + 1} MOs = ${mos}; ` +
      `acknowledged ${(mos / ((acked - started) / 1000)).toFixed(0)} MO/s (2xx latency p50 ${pct(sorted, 0.5).toFixed(1)} ms, p99 ${pct(sorted, 0.99).toFixed(1)} ms); ` +
      `handled end to end (reply sent) ${(mos / ((finished - started) / 1000)).toFixed(0)} MO/s, all done in ${((finished - started) / 1000).toFixed(1)} s`);
  } finally {
    await t.close();
  }
}, 600_000);
