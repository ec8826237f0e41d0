import type { InboundMessage } from '@moflow/sms';
import { FakeSmsc } from '../testing/fake-smsc';
import { SmppEsme, type SmppEsmeOptions } from './smpp-esme';

export interface Rig {
  smsc: FakeSmsc;
  esme: SmppEsme;
  mos: InboundMessage[];
  errors: Error[];
  stop(): Promise<void>;
}

/** A fake SMSC on a random port and an ESME bound to it. */
export async function bindRig(over: Partial<SmppEsmeOptions> = {}): Promise<Rig> {
  const smsc = new FakeSmsc('moflow', 'pw123');
  const port = await smsc.start();
  const mos: InboundMessage[] = [];
  const errors: Error[] = [];
  const esme = new SmppEsme({
    host: '127.0.0.1', port, systemId: 'moflow', password: 'pw123', defaultRegion: 'GB',
    reconnectInitialMs: 20, reconnectMaxMs: 200, responseTimeoutMs: 2_000,
    onMo: async (m) => void mos.push(m),
    ...over,
  });
  esme.on('error', (e) => errors.push(e));
  await esme.start();
  return { smsc, esme, mos, errors, stop: async () => { await esme.stop(); await smsc.stop(); } };
}

export async function until(cond: () => boolean, timeoutMs = 3_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
