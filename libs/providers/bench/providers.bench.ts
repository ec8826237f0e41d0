// Throughput of the protocol layer against the local peers (both ends in this process, so the
// figures are an upper bound for one ESME / one HTTP client on this machine, not carrier numbers).
import { SmppEsme } from '../src/smpp/smpp-esme';
import { InfobipAdapter } from '../src/outbound/infobip.adapter';
import { FakeSmsc } from '../src/testing/fake-smsc';
import { FakeInfobipServer } from '../src/testing/fake-infobip.server';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function timed<T>(label: string, count: number, unit: string, items: T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        const t0 = performance.now();
        await run(item);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(44)} ${(count / seconds).toFixed(0).padStart(7)} ${unit}/s   p50 ${percentile(latencies, 50).toFixed(2)} ms   p99 ${percentile(latencies, 99).toFixed(2)} ms`,
  );
}

async function smpp(): Promise<void> {
  const smsc = new FakeSmsc('bench', 'pw');
  const port = await smsc.start();
  let mos = 0;
  const esme = new SmppEsme({ host: '127.0.0.1', port, systemId: 'bench', password: 'pw', windowSize: 10, onMo: async () => void mos++ });
  await esme.start();
  const n = 3000;
  const ids = Array.from({ length: n }, (_, i) => i);
  await timed('SMPP submit_sm, 1 part, window 10', n, 'msg', ids, 50, async (i) => {
    await esme.submit({ from: '12345', to: '+447700900123', text: `Order ${i} confirmed` });
  });
  const long = 'Спасибо за ваш заказ! '.repeat(8) + '📦';
  await timed('SMPP submit_sm, 3 UCS-2 parts, window 10', 1000, 'msg', ids.slice(0, 1000), 50, async () => {
    await esme.submit({ from: '12345', to: '+447700900123', text: long });
  });
  await timed('SMPP deliver_sm MO → onMo → resp', n, 'MO', ids, 10, async (i) => {
    await smsc.deliverMo({ from: '+447700900123', to: '12345', text: `JOIN ${i}` });
  });
  if (mos !== n) throw new Error(`expected ${n} MOs, got ${mos}`);
  await esme.stop();
  await smsc.stop();
}

async function http(): Promise<void> {
  const fake = new FakeInfobipServer('k');
  await fake.start();
  const adapter = new InfobipAdapter({ apiKey: 'k', baseUrl: fake.baseUrl });
  const n = 2000;
  await timed('HTTP adapter (Infobip) send, 20 concurrent', n, 'msg', Array.from({ length: n }, (_, i) => i), 20, async (i) => {
    await adapter.send({ id: `m${i}`, from: 'Shop', to: '+385981234567', text: 'hello' });
  });
  await fake.stop();
}

async function main(): Promise<void> {
  console.log(`@moflow/providers bench — node ${process.version}`);
  await smpp();
  await http();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
