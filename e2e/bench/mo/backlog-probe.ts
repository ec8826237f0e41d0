/**
 * `npm run bench:backlog-probe -w e2e`: a campaign against a carrier's rate limit. One SQLite API
 * process, flow (a), the generic channel limited to `--rate` MT/s (a short code's throughput), and
 * `--mos` signed MO webhooks as fast as 64 connections go. The MTs queue up behind the limit; this
 * prints how fast the MOs are still acknowledged and handled (runs written) while that backlog
 * grows, the API's CPU per MO, and how many MTs went out. Not a pass/fail test: MO handling must not
 * slow down as the outbox backlog grows.
 *
 *   npm run bench:backlog-probe -w e2e -- [--mos 6000] [--rate 50]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { FakeProvider } from './fake-provider';
import { keepAliveAgent, postMo } from './http-load';
import { AdminClient, CHANNEL_ADDRESS, MO_SECRET, MT_SECRET, keywordReplyFlow, phone } from './seed';
import { Stack } from './stack';

const { values } = parseArgs({ options: { mos: { type: 'string', default: '6000' }, rate: { type: 'string', default: '50' } }, strict: true });
const mos = Number(values.mos);
const rate = Number(values.rate);
if (!Number.isInteger(mos) || mos < 1) throw new Error(`--mos: a positive integer, got ${values.mos}`);
if (!Number.isInteger(rate) || rate < 1) throw new Error(`--rate: a positive integer, got ${values.rate}`);
const CONNECTIONS = 64;

/** The stored (not yet handled) MOs, from the metrics an admin may read. */
async function storedMos(admin: AdminClient): Promise<number> {
  const text = await admin.request<string>('GET', '/metrics').catch(async () => '');
  const m = /moflow_queue_depth\{queue="inbox"\} (\d+)/.exec(typeof text === 'string' ? text : '');
  return m ? Number(m[1]) : NaN;
}

async function main(): Promise<void> {
  const provider = new FakeProvider(MT_SECRET);
  const mtUrl = await provider.start();
  const stack = await Stack.start({ mode: 'sqlite' });
  const agent = keepAliveAgent(CONNECTIONS);
  try {
    const admin = await AdminClient.login(stack.baseUrl);
    const channelId = await admin.genericChannel(mtUrl);
    await admin.request('PATCH', `/channels/${channelId}`, { rateLimit: { perSecond: rate, burst: rate } });
    await admin.publish('Backlog probe', keywordReplyFlow('PIZZA'));
    const url = `${stack.baseUrl}/api/v1/inbound/${channelId}`;
    const loadBefore = loadavg()[0]!;
    const cpu0 = stack.api.cpuMs();
    const t0 = performance.now();
    const acks: number[] = [];
    const ackedAt: number[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
      while (next < mos) {
        const i = next++;
        const s = performance.now();
        const r = await postMo(agent, url, MO_SECRET, { id: `backlog-${i}`, from: phone(3, i), to: CHANNEL_ADDRESS, text: `PIZZA ${i}` });
        if (r.status !== 200) throw new Error(`MO ${i}: HTTP ${r.status} ${r.body}`);
        acks.push(performance.now() - s);
        ackedAt.push(performance.now() - t0);
      }
    }));
    const ackedMs = performance.now() - t0;
    let stored = await storedMos(admin);
    while (stored > 0 && performance.now() - t0 < 120_000) {
      await new Promise((r) => setTimeout(r, 100));
      stored = await storedMos(admin);
    }
    const handledMs = performance.now() - t0;
    const cpuMs = stack.api.cpuMs() - cpu0;
    acks.sort((a, b) => a - b);
    // acknowledgements per second in each fifth of the run: a path that slows as the backlog grows shows it here
    const fifth = ackedMs / 5;
    const perFifth = [0, 1, 2, 3, 4].map((k) => Math.round(ackedAt.filter((t) => t >= k * fifth && t < (k + 1) * fifth).length / (fifth / 1000)));
    const pct = (p: number) => acks[Math.min(acks.length - 1, Math.floor(acks.length * p))]!.toFixed(0);
    console.log(`rate limit ${rate} MT/s; ${mos} MOs acknowledged in ${(ackedMs / 1000).toFixed(2)} s (${Math.round(mos / (ackedMs / 1000))}/s, ack p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms); ` +
      `all handled after ${(handledMs / 1000).toFixed(2)} s (${Math.round(mos / (handledMs / 1000))} MO/s${stored > 0 ? `, ${stored} NOT handled` : ''}); ` +
      `acks/s by fifth of the run ${perFifth.join(' → ')}; MTs at the provider meanwhile: ${provider.received.length}; API CPU ${Math.round((cpuMs * 1000) / mos)} µs per MO; peak RSS ${Math.round(stack.api.peakRssMb())} MB; ` +
      `load average ${loadBefore.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`);
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
