import { MessageEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { it } from 'vitest';
import { OutboxSender } from '../src/outbox/outbox.sender';
import { allowLocalGateways, createChannel } from '../test/conversations/messaging-fixtures';
import { Gateway } from '../test/outbox/gateway-fixture';
import { insertQueued } from '../test/outbox/outbox-fixtures';
import { createTestApp } from '../test/support/test-app';

/**
 * The outbox sender alone: BENCH_MTS queued MTs (default 10,000, one per contact, written the way
 * a turn batch writes them) drained through the generic webhook provider to a gateway on
 * 127.0.0.1 that answers after BENCH_GATEWAY_MS (default 0). Prints MT/s from the first wake-up to
 * the last recorded result, and the gateway's most concurrent requests. SQLite temp file, or
 * PostgreSQL when DATABASE_URL is set. Run alone: `BENCH_ONLY=outbox npm run bench -w apps/api`.
 */
const MTS = Number(process.env.BENCH_MTS ?? 10_000);
const GATEWAY_MS = Number(process.env.BENCH_GATEWAY_MS ?? 0);
const SECRET = 'bench-gateway-secret';

it(`outbox sender: ${MTS} MTs through the generic provider`, async () => {
  const gateway = new Gateway(SECRET, GATEWAY_MS);
  await gateway.start();
  const t = await createTestApp();
  try {
    const ds = t.app.get(DataSource);
    await allowLocalGateways(t);
    const channel = await createChannel(t, { name: 'Bench', provider: 'generic', address: '+14155550100', connection: { url: gateway.url }, credentials: { secret: SECRET, webhookSecret: 'bench-inbound-secret' } });
    const mts = await insertQueued(ds, channel.id, MTS, 1);
    const sender = t.app.get(OutboxSender);
    const started = Date.now();
    sender.wake();
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      const left = await ds.getRepository(MessageEntity).count({ where: [{ status: 'queued' }, { status: 'sending' }] });
      if (left === 0) break;
    }
    await sender.idle();
    const seconds = (Date.now() - started) / 1000;
    const sent = await ds.getRepository(MessageEntity).countBy({ status: 'sent' });
    console.log(`outbox sender (${t.database}): ${sent}/${mts.length} sent in ${seconds.toFixed(2)} s = ${Math.round(sent / seconds)} MT/s; ` +
      `gateway delay ${GATEWAY_MS} ms, at most ${gateway.maxOpen} requests open; ${gateway.received.length} requests received`);
  } finally {
    await t.close();
    await gateway.stop();
  }
});
