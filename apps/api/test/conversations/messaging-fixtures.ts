import { createHmac } from 'node:crypto';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { MessageEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import type { TestApp } from '../support/test-app';
import { eventually } from '../runs/run-fixtures';

export const WEBHOOK_SECRET = 'generic-webhook-secret-1';

export interface ChannelInfo { id: string; webhookUrl: string; statusUrl: string; address: string }

/** Creates a channel through the API as admin. */
export async function createChannel(t: TestApp, body: Record<string, unknown>): Promise<ChannelInfo> {
  const res = await (await t.loginAs('admin')).post('/api/v1/channels').send(body);
  if (res.status !== 201) throw new Error(`create channel failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ChannelInfo;
}

/** A channel on the built-in simulator provider: MOs in Moflow's generic signed JSON, MTs recorded without a network. */
export function simulatorChannel(t: TestApp, extra: Record<string, unknown> = {}): Promise<ChannelInfo> {
  return createChannel(t, { name: 'Sim', provider: 'simulator', address: '+14155550100', credentials: { webhookSecret: WEBHOOK_SECRET }, ...extra });
}

/**
 * Test gateways listen on 127.0.0.1, which outbound URLs may reach only when allow-listed (the
 * lookups' address policy), as an admin would for a gateway on the same machine.
 */
export async function allowLocalGateways(t: TestApp): Promise<void> {
  const admin = await t.loginAs('admin');
  const res = await admin.post('/api/v1/settings/lookup-allowlist').send({ entry: '127.0.0.1', note: 'test gateways' });
  if (res.status !== 201) throw new Error(`allow-listing 127.0.0.1 failed: ${res.status} ${JSON.stringify(res.body)}`);
}

let seq = 0;
/** Posts an MO in the generic format, signed with HMAC-SHA256 of the exact body. */
export async function sendMo(t: TestApp, channelId: string, from: string, text: string, id = `mo-${process.pid}-${++seq}`) {
  const body = JSON.stringify({ id, from, to: '+14155550100', text });
  const sig = 'sha256=' + createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex');
  return t.http.post(`/api/v1/inbound/${channelId}`).set({ 'Content-Type': 'application/json', 'X-Moflow-Signature': sig }).send(body);
}

export async function outbound(t: TestApp, to: string): Promise<MessageEntity[]> {
  return t.app.get(DataSource).getRepository(MessageEntity).find({ where: { to, direction: 'out' }, order: { createdAt: 'ASC' } });
}

/** Waits until `to` has at least `n` outbound messages in a final state of the sender. */
export function outboundSettled(t: TestApp, to: string, n: number, ms = 8_000): Promise<MessageEntity[]> {
  return eventually(async () => {
    const rows = await outbound(t, to);
    return rows.length >= n && rows.every((r) => !['queued', 'sending'].includes(r.status)) ? rows : null;
  }, `${n} settled MT(s) to ${to}`, ms);
}

export function inboundStatus(t: TestApp, to: string) {
  return t.app.get(DataSource).getRepository(MessageEntity).find({ where: { from: to, direction: 'in' }, order: { createdAt: 'ASC' } });
}

/** JOIN → ask a question → wait (timeout, optional collect) → reply with the answer or the timeout text. */
export function joinFlow(opts: { timeoutSeconds?: number; collectSeconds?: number; keyword?: string; interrupt?: boolean } = {}): FlowDefinitionInput {
  return {
    specVersion: 1,
    nodes: [
      { id: 'start', type: 'trigger', config: { keywords: [opts.keyword ?? 'JOIN'], interrupt: opts.interrupt ?? false } },
      { id: 'ask', type: 'reply', config: { text: 'Welcome! What is your order number?' } },
      { id: 'wait', type: 'wait', config: { timeoutSeconds: opts.timeoutSeconds ?? 3600, ...(opts.collectSeconds ? { collectSeconds: opts.collectSeconds } : {}) } },
      { id: 'thanks', type: 'reply', config: { text: 'Got it: {{ vars.reply }}' } },
      { id: 'late', type: 'reply', config: { text: 'No answer, we will text you later.' } },
      { id: 'done', type: 'end', config: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'ask' },
      { id: 'e2', source: 'ask', target: 'wait' },
      { id: 'e3', source: 'wait', sourceHandle: 'reply', target: 'thanks' },
      { id: 'e4', source: 'wait', sourceHandle: 'timeout', target: 'late' },
      { id: 'e5', source: 'thanks', target: 'done' },
      { id: 'e6', source: 'late', target: 'done' },
    ],
  };
}
