/**
 * `npm run bench:cpu-probe -w e2e`: a small, fixed amount of work for comparing CPU per MO between
 * two builds or settings (not a benchmark): one SQLite API process, flow (a), 200 warm-up MOs, then
 * N signed generic webhooks over 64 connections, every reply received at the fake provider. Prints
 * the API process's CPU (all threads, from /proc) per MO, the wall time, peak RSS and the load
 * average. The server reads the environment, so `ENGINE_LIVE_TURNS=inline` compares with turns on
 * the main thread. Build the API first (`npx nx build api`).
 *
 *   npm run bench:cpu-probe -w e2e -- [--mos 6000]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { FakeProvider } from './fake-provider';
import { keepAliveAgent, postMo } from './http-load';
import { AdminClient, CHANNEL_ADDRESS, MO_SECRET, MT_SECRET, keywordReplyFlow, phone } from './seed';
import { Stack } from './stack';

const { values } = parseArgs({ options: { mos: { type: 'string', default: '6000' } }, strict: true });
const mos = Number(values.mos);
if (!Number.isInteger(mos) || mos < 1) throw new Error(`--mos: a positive integer, got ${values.mos}`);
const CONNECTIONS = 64;
const WARM_UP = 200;

async function main(): Promise<void> {
  const provider = new FakeProvider(MT_SECRET);
  const mtUrl = await provider.start();
  const stack = await Stack.start({ mode: 'sqlite' });
  const agent = keepAliveAgent(CONNECTIONS);
  try {
    const admin = await AdminClient.login(stack.baseUrl);
    const channelId = await admin.genericChannel(mtUrl);
    await admin.publish('CPU probe', keywordReplyFlow('PIZZA'));
    const url = `${stack.baseUrl}/api/v1/inbound/${channelId}`;
    const send = async (block: number, count: number) => {
      let next = 0;
      await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
        while (next < count) {
          const i = next++;
          const r = await postMo(agent, url, MO_SECRET, { id: `probe-${block}-${i}`, from: phone(block, i), to: CHANNEL_ADDRESS, text: `PIZZA ${i}` });
          if (r.status !== 200) throw new Error(`MO ${i}: HTTP ${r.status} ${r.body}`);
        }
      }));
    };
    await send(1, WARM_UP);
    await provider.waitUntil(() => provider.received.length >= WARM_UP, 15_000);
    const loadBefore = loadavg()[0]!;
    const cpu0 = stack.api.cpuMs();
    const t0 = performance.now();
    await send(2, mos);
    const all = await provider.waitUntil(() => provider.received.length >= WARM_UP + mos, 15_000);
    const wallMs = performance.now() - t0;
    const cpuMs = stack.api.cpuMs() - cpu0;
    console.log(`live turns: ${process.env.ENGINE_LIVE_TURNS ?? 'pool (default)'}; ${mos} MOs${all ? '' : ' (NOT all answered)'} in ${(wallMs / 1000).toFixed(2)} s; ` +
      `API CPU ${Math.round((cpuMs * 1000) / mos)} µs per MO; peak RSS ${Math.round(stack.api.peakRssMb())} MB; load average ${loadBefore.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`);
  } finally {
    agent.destroy();
    await stack.stop();
    await provider.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
