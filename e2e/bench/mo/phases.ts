/**
 * The benchmark's measurements against one running deployment. Each phase uses its own contacts
 * (a block of phone numbers) and its own MO texts, so phases never answer each other's MOs.
 */
import type { Agent } from 'node:http';
import type { FakeProvider } from './fake-provider';
import { closedLoop, openLoop, percentile, post, postMo, type HttpResult } from './http-load';
import { ReplyLog } from './replies';
import { CHANNEL_ADDRESS, MO_SECRET, phone } from './seed';

export interface PhaseContext {
  webhookUrl: string;
  provider: FakeProvider;
  agent: Agent;
  contacts: number;
  durationMs: number;
  connections: number;
  /** Give up waiting for replies after this long without a new MT. */
  drainIdleMs: number;
}

export interface SaturationResult {
  acked: number;
  failed: number;
  ackPerSec: number;
  handled: number;
  handledPerSec: number;
  /** From the last acknowledgement to the last reply at the provider. */
  drainMs: number;
  duplicates: number;
  errors: string[];
}

export interface LatencyResult {
  rate: number;
  sent: number;
  acked: number;
  ackP50: number;
  ackP99: number;
  handled: number;
  mtP50: number;
  mtP99: number;
  duplicates: number;
  errors: string[];
}

export interface RestResult { runs: number; failed: number; runsPerSec: number; p50: number; p99: number; errors: string[] }

const seconds = (ms: number) => ms / 1000;

/** One MO and its reply, to prove the deployment answers at all before anything is measured. */
export async function warmUp(ctx: PhaseContext): Promise<void> {
  const log = new ReplyLog(ctx.provider, 'w');
  try {
    const text = 'PIZZA w1';
    const r = await postMo(ctx.agent, ctx.webhookUrl, MO_SECRET, { id: `warm-${Date.now()}`, from: phone(9, 999_999), to: CHANNEL_ADDRESS, text });
    if (r.status < 200 || r.status >= 300) throw new Error(`warm-up MO answered ${r.status}: ${r.body.slice(0, 300)}`);
    if ((await log.waitFor(text, 60_000)) === undefined) throw new Error('warm-up MO acknowledged but no reply reached the fake provider within 60 s');
  } finally {
    log.close();
  }
}

/** Flow (a) at saturation: closed loop, each connection sends its next MO when the last is acknowledged. */
export async function saturationOneTurn(ctx: PhaseContext): Promise<SaturationResult> {
  const log = new ReplyLog(ctx.provider, 'a');
  try {
    const acked = new Set<string>();
    const stats = await closedLoop(ctx.connections, ctx.durationMs, async (n) => {
      const text = `PIZZA a${n}`;
      const r = await postMo(ctx.agent, ctx.webhookUrl, MO_SECRET, { id: `a-${n}`, from: phone(2, n % ctx.contacts), to: CHANNEL_ADDRESS, text });
      if (r.status >= 200 && r.status < 300) acked.add(text);
      return r;
    });
    await ctx.provider.waitUntil(() => [...acked].every((t) => log.firstArrival(t) !== undefined), ctx.drainIdleMs);
    return saturationResult(stats, log);
  } finally {
    log.close();
  }
}

/**
 * Flow (b) at saturation: `conversations` contacts talk at once, each answering its reply the
 * moment it arrives (a fast human), three MOs per conversation; new conversations start until
 * the duration is over.
 */
export async function saturationThreeTurns(ctx: PhaseContext, conversations: number): Promise<SaturationResult> {
  const log = new ReplyLog(ctx.provider, 'b');
  try {
    const startedAt = performance.now();
    const until = startedAt + ctx.durationMs;
    let ok = 0;
    let failed = 0;
    let lastAck = startedAt;
    const errors: string[] = [];
    let next = 0;
    const users = Math.min(conversations, ctx.contacts);
    await Promise.all(Array.from({ length: users }, async () => {
      while (performance.now() < until) {
        const c = next++;
        const from = phone(3, c % ctx.contacts);
        for (const [i, text] of [`QUIZ b${c}`, `RED b${c}.2`, `BLUE b${c}.3`].entries()) {
          const r = await postMo(ctx.agent, ctx.webhookUrl, MO_SECRET, { id: `b-${c}-${i}`, from, to: CHANNEL_ADDRESS, text });
          lastAck = performance.now();
          if (r.status < 200 || r.status >= 300) {
            failed++;
            if (errors.length < 5) errors.push(`${r.status} ${r.body.slice(0, 200)}`);
            break;
          }
          ok++;
          if ((await log.waitFor(text, ctx.drainIdleMs)) === undefined) {
            if (errors.length < 5) errors.push(`no reply to "${text}" within ${ctx.drainIdleMs} ms`);
            break;
          }
        }
      }
    }));
    return saturationResult({ ok, failed, startedAt, endedAt: lastAck, errors }, log);
  } finally {
    log.close();
  }
}

function saturationResult(stats: { ok: number; failed: number; startedAt: number; endedAt: number; errors: string[] }, log: ReplyLog): SaturationResult {
  const lastReply = log.lastAt || stats.endedAt;
  return {
    acked: stats.ok, failed: stats.failed, ackPerSec: stats.ok / seconds(stats.endedAt - stats.startedAt),
    handled: log.handled, handledPerSec: log.handled / seconds(Math.max(lastReply, stats.endedAt) - stats.startedAt),
    drainMs: Math.max(0, lastReply - stats.endedAt), duplicates: log.duplicates, errors: stats.errors,
  };
}

/** Flow (a) offered at a fixed rate (open loop): acknowledgement and webhook → MT-at-provider latency. */
export async function latencyAtRate(ctx: PhaseContext, rate: number): Promise<LatencyResult> {
  const log = new ReplyLog(ctx.provider, 'l');
  try {
    const planned = new Map<string, number>();
    const acked = new Set<string>();
    const stats = await openLoop(rate, ctx.durationMs, async (n, plannedAt) => {
      const text = `PIZZA l${n}`;
      planned.set(text, plannedAt);
      const r = await postMo(ctx.agent, ctx.webhookUrl, MO_SECRET, { id: `l-${n}`, from: phone(4, n % ctx.contacts), to: CHANNEL_ADDRESS, text });
      if (r.status >= 200 && r.status < 300) acked.add(text);
      return r;
    });
    await ctx.provider.waitUntil(() => [...acked].every((t) => log.firstArrival(t) !== undefined), ctx.drainIdleMs);
    const mt: number[] = [];
    for (const [text, at] of planned) {
      const arrived = log.firstArrival(text);
      if (arrived !== undefined) mt.push(arrived - at);
    }
    return {
      rate, sent: stats.sent, acked: stats.ok, ackP50: percentile(stats.latencies, 0.5), ackP99: percentile(stats.latencies, 0.99),
      handled: log.handled, mtP50: percentile(mt, 0.5), mtP99: percentile(mt, 0.99), duplicates: log.duplicates, errors: stats.errors,
    };
  } finally {
    log.close();
  }
}

/** POST /api/v1/flows/:id/executions with an API key, closed loop, one new contact per request. */
export async function restTrigger(ctx: PhaseContext, baseUrl: string, flowId: string, channelId: string, apiKey: string, connections: number): Promise<RestResult> {
  const url = `${baseUrl}/api/v1/flows/${flowId}/executions`;
  const headers = { authorization: `Bearer ${apiKey}` };
  const stats = await closedLoop(connections, ctx.durationMs, (n): Promise<HttpResult> =>
    post(ctx.agent, url, JSON.stringify({ to: phone(5, n % ctx.contacts), channelId, parameters: { n } }), headers));
  return {
    runs: stats.ok, failed: stats.failed, runsPerSec: stats.ok / seconds(stats.endedAt - stats.startedAt),
    p50: percentile(stats.latencies, 0.5), p99: percentile(stats.latencies, 0.99), errors: stats.errors,
  };
}
