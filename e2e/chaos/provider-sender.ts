/**
 * How a provider delivers MOs: it retries a webhook until it gets a 2xx, with the same message id
 * (Moflow dedupes on it). The crash tests use this to model the carrier around a dying process.
 */
import type { Agent } from 'node:http';
import { postMo, type Mo } from '../bench/mo/http-load';
import { MO_SECRET } from '../bench/mo/seed';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function deliverUntilAcked(agent: Agent, url: string, mo: Mo, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const r = await postMo(agent, url, MO_SECRET, mo);
    if (r.status >= 200 && r.status < 300) return;
    last = `${r.status} ${r.body.slice(0, 200)}`;
    await sleep(250);
  }
  throw new Error(`MO ${mo.id} never acknowledged within ${timeoutMs} ms (last answer: ${last})`);
}

/** Texts that were answered more than once, and MT ids the provider received more than once. */
export function doubles(received: Array<{ id: string; text: string }>): { texts: string[]; ids: string[] } {
  const count = (keys: string[]) => {
    const seen = new Map<string, number>();
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
  };
  return { texts: count(received.map((m) => m.text)), ids: count(received.map((m) => m.id)) };
}
