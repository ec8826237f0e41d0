import type { RunDetailDto } from '@moflow/api-contract';
import { RunEntity } from '@moflow/data-access';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, publishFlow } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { joinFlow, outbound, outboundSettled, sendMo, simulatorChannel, type ChannelInfo } from './messaging-fixtures';

let t: TestApp;
let ds: DataSource;
let channel: ChannelInfo;

/** WAIT-loop flow: every reply is echoed back, then it waits again. */
function echoLoopFlow(): FlowDefinitionInput {
  return {
    specVersion: 1,
    nodes: [
      { id: 'start', type: 'trigger', config: { keywords: ['LOOP'] } },
      { id: 'wait', type: 'wait', config: { timeoutSeconds: 600 } },
      { id: 'echo', type: 'reply', config: { text: 'got {{ vars.reply }}' } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'wait' },
      { id: 'e2', source: 'wait', sourceHandle: 'reply', target: 'echo' },
      { id: 'e3', source: 'echo', target: 'wait' },
    ],
  };
}

async function runOf(phone: string): Promise<RunEntity> {
  return eventually(() => ds.getRepository(RunEntity).findOne({ where: { contactPhone: phone }, order: { startedAt: 'DESC' } }), `a run for ${phone}`);
}

beforeAll(async () => {
  t = await createTestApp();
  ds = t.app.get(DataSource);
  channel = await simulatorChannel(t);
  await publishFlow(t, 'Join (2 s)', joinFlow({ timeoutSeconds: 2 }));
  await publishFlow(t, 'Collect', joinFlow({ keyword: 'ORDER', timeoutSeconds: 60, collectSeconds: 2 }));
  await publishFlow(t, 'Loop', echoLoopFlow());
});
afterAll(() => t?.close());

describe(`conversations through the inbound API (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it('JOIN asks a question, waits, and takes the timeout path after 2 seconds', async () => {
    const phone = '+14155551001';
    expect((await sendMo(t, channel.id, phone, 'join')).status).toBe(200);
    const run = await runOf(phone);
    expect(run.status).toBe('waiting');
    const done = await eventually(async () => {
      const r = await ds.getRepository(RunEntity).findOneBy({ id: run.id });
      return r?.status === 'completed' ? r : null;
    }, 'the timeout path', 8_000);
    // Measured from the wait's own start (not from the webhook call, whose handling time depends on
    // the machine's load): on time to the second, as the poller ticks every second.
    const waitDetail = (await (await t.loginAs('ops')).get(`/api/v1/runs/${run.id}`)).body as RunDetailDto;
    const waitStarted = waitDetail.steps.find((s) => s.type === 'wait_started');
    expect(waitStarted).toBeDefined();
    const elapsed = (done.endedAt ?? 0) - Date.parse(waitStarted?.at ?? '');
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    expect(elapsed).toBeLessThan(3_600);
    const texts = (await outboundSettled(t, phone, 2)).map((m) => m.text);
    expect(texts).toEqual(['Welcome! What is your order number?', 'No answer, we will text you later.']);
    const detail = (await (await t.loginAs('ops')).get(`/api/v1/runs/${run.id}`)).body as RunDetailDto;
    expect(detail.steps.filter((s) => s.type === 'step_left' && s.nodeId === 'wait').map((s) => s.handle)).toEqual([null, 'timeout']);
  });

  it('a reply split over three SMS within the collect window resumes the run once with the joined text', async () => {
    const phone = '+14155551002';
    await sendMo(t, channel.id, phone, 'order');
    const run = await runOf(phone);
    for (const part of ['My order is 12', '34-56', 'thanks!']) expect((await sendMo(t, channel.id, phone, part)).status).toBe(200);
    await eventually(async () => (await ds.getRepository(RunEntity).findOneBy({ id: run.id }))?.status === 'completed', 'the collected resume', 6_000);
    const texts = (await outboundSettled(t, phone, 2)).map((m) => m.text);
    expect(texts).toEqual(['Welcome! What is your order number?', 'Got it: My order is 12\n34-56\nthanks!']);
    const detail = (await (await t.loginAs('ops')).get(`/api/v1/runs/${run.id}`)).body as RunDetailDto;
    expect(detail.steps.filter((s) => s.type === 'reply_collected')).toHaveLength(3);
    expect(detail.steps.filter((s) => s.type === 'wait_ended')).toHaveLength(1);
  });

  it('handles one contact strictly in order while 20 other contacts run in parallel', async () => {
    const contacts = Array.from({ length: 21 }, (_, i) => `+1415555${String(2000 + i).padStart(4, '0')}`);
    const N = 8;
    await Promise.all(contacts.map(async (phone) => {
      await sendMo(t, channel.id, phone, 'loop');
      for (let i = 1; i <= N; i++) expect((await sendMo(t, channel.id, phone, `m${i}`)).status).toBe(200);
    }));
    for (const phone of contacts) {
      const texts = (await outboundSettled(t, phone, N, 60_000)).map((m) => m.text);
      expect(texts).toEqual(Array.from({ length: N }, (_, i) => `got m${i + 1}`));
    }
  }, 150_000);

  it('keeps a message no rule takes as unhandled and lists it', async () => {
    const phone = '+14155551003';
    await sendMo(t, channel.id, phone, 'what is this number?');
    const ops = await t.loginAs('ops');
    const list = await eventually(async () => {
      const res = await ops.get('/api/v1/messages?unhandled=true');
      const rows = res.body.items as Array<{ from: string; text: string; status: string }>;
      return rows.some((r) => r.from === phone) ? rows : null;
    }, 'the unhandled message');
    expect(list.find((r) => r.from === phone)).toMatchObject({ text: 'what is this number?', status: 'unhandled', createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(await outbound(t, phone)).toEqual([]);
  });
});
