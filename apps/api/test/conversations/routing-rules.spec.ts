import type { RunDetailDto } from '@moflow/api-contract';
import { MessageEntity, RunEntity } from '@moflow/data-access';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, publishFlow } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { joinFlow, outboundSettled, sendMo, simulatorChannel, type ChannelInfo } from './messaging-fixtures';

let t: TestApp;
let ds: DataSource;
let channel: ChannelInfo;

const simpleFlow = (trigger: Record<string, unknown>, text: string): FlowDefinitionInput => ({
  specVersion: 1,
  nodes: [
    { id: 'start', type: 'trigger', config: trigger },
    { id: 'say', type: 'reply', config: { text } },
    { id: 'done', type: 'end', config: {} },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'say' }, { id: 'e2', source: 'say', target: 'done' }],
});

const routedRule = async (from: string, text: string) => {
  const m = await eventually(async () => {
    const row = await ds.getRepository(MessageEntity).findOneBy({ from, text, direction: 'in' });
    return row && row.status !== 'received' ? row : null;
  }, `routing of "${text}"`);
  return m.nodeId;
};

beforeAll(async () => {
  t = await createTestApp();
  ds = t.app.get(DataSource);
  channel = await simulatorChannel(t);
  await publishFlow(t, 'Join', joinFlow());
  await publishFlow(t, 'Menu', simpleFlow({ keywords: ['MENU'] }, 'Menu: 1 pizza, 2 pasta'));
  await publishFlow(t, 'Agent', simpleFlow({ keywords: ['AGENT'], interrupt: true }, 'Connecting you to a person.'));
  await publishFlow(t, 'Fallback', simpleFlow({ keywords: [], catchAll: true, channels: [channel.id] }, 'Sorry, text JOIN or MENU.'));
});
afterAll(() => t?.close());

describe(`routing rules (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it('a waiting session gets the reply even when it is another flow’s keyword; the run log says which rule applied', async () => {
    const phone = '+14155557101';
    await sendMo(t, channel.id, phone, 'JOIN');
    const run = await eventually(async () => ds.getRepository(RunEntity).findOneBy({ contactPhone: phone, status: 'waiting' }), 'waiting');
    await sendMo(t, channel.id, phone, 'MENU');
    expect((await outboundSettled(t, phone, 2)).map((m) => m.text)).toEqual(['Welcome! What is your order number?', 'Got it: MENU']);
    expect(await routedRule(phone, 'MENU')).toBe('$rule:waiting_session');
    const detail = (await (await t.loginAs('ops')).get(`/api/v1/runs/${run.id}`)).body as RunDetailDto;
    const routed = detail.steps.filter((s) => s.type === 'inbound_routed').map((s) => s.reason);
    expect(routed).toEqual(['rule keyword: keyword "JOIN" matched', 'rule waiting_session: the reply went to the waiting session of this contact and channel']);
  });

  it('an interrupting trigger ends the waiting session and starts its own flow', async () => {
    const phone = '+14155557102';
    await sendMo(t, channel.id, phone, 'JOIN');
    const waiting = await eventually(async () => ds.getRepository(RunEntity).findOneBy({ contactPhone: phone, status: 'waiting' }), 'waiting');
    await sendMo(t, channel.id, phone, 'agent');
    expect((await outboundSettled(t, phone, 2)).map((m) => m.text)).toEqual(['Welcome! What is your order number?', 'Connecting you to a person.']);
    expect((await ds.getRepository(RunEntity).findOneByOrFail({ id: waiting.id })).status).toBe('cancelled');
    expect(await routedRule(phone, 'agent')).toBe('$rule:keyword');
  });

  it('no keyword and no session: the catch-all flow of the channel takes it', async () => {
    const phone = '+14155557103';
    await sendMo(t, channel.id, phone, 'hello?');
    expect((await outboundSettled(t, phone, 1)).map((m) => m.text)).toEqual(['Sorry, text JOIN or MENU.']);
    expect(await routedRule(phone, 'hello?')).toBe('$rule:catch_all');
    const run = await ds.getRepository(RunEntity).findOneByOrFail({ contactPhone: phone });
    expect(run.trigger).toMatchObject({ kind: 'catch_all' });
  });

  it('compliance words come before everything, even with a catch-all flow', async () => {
    const phone = '+14155557104';
    await sendMo(t, channel.id, phone, 'HELP');
    expect(await routedRule(phone, 'HELP')).toBe('$rule:help');
    expect(await ds.getRepository(RunEntity).countBy({ contactPhone: phone })).toBe(0);
  });
});
