import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { MessageEntity } from '@moflow/data-access';
import { FakeTwilioServer } from '@moflow/providers/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowLocalGateways, createChannel, simulatorChannel, type ChannelInfo } from '../conversations/messaging-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { eventually, publishFlow } from './run-fixtures';

const SID = 'AC' + 'd'.repeat(32);
const TOKEN = 'twilio-auth-token-789';

let t: TestApp;
let ds: DataSource;
let fake: FakeTwilioServer;
let key: string;
let demo: ChannelInfo;
let twilio: ChannelInfo;

function hello(channels: string[] = ['*']): FlowDefinitionInput {
  return { specVersion: 1, nodes: [
    { id: 'start', type: 'trigger', config: { keywords: [], rest: true, channels } },
    { id: 'hello', type: 'reply', config: { text: 'Hello from Moflow' } },
    { id: 'done', type: 'end', config: {} },
  ], edges: [{ id: 'e1', source: 'start', target: 'hello' }, { id: 'e2', source: 'hello', target: 'done' }] };
}

const twilioChannel = (name: string, address: string) => createChannel(t, {
  name, provider: 'twilio', address, defaultRegion: 'US', connection: { accountSid: SID, baseUrl: fake.baseUrl }, credentials: { authToken: TOKEN },
});
const execute = (flowId: string, body: object) => t.http.post(`/api/v1/flows/${flowId}/executions`).set('Authorization', `Bearer ${key}`).send(body);
const replyChannel = (to: string) => eventually(async () => (await ds.getRepository(MessageEntity).findOneBy({ to, direction: 'out' }))?.channelId, `the reply to ${to}`);

beforeAll(async () => {
  fake = new FakeTwilioServer(SID, TOKEN);
  await fake.start();
  t = await createTestApp();
  await allowLocalGateways(t);
  ds = t.app.get(DataSource);
  key = await t.apiKey(['flows:execute']);
  // The oldest channel is a simulator, as on an install seeded with the demo.
  demo = await simulatorChannel(t);
  twilio = await twilioChannel('Twilio US', '+14155550170');
});
afterAll(async () => {
  await t?.close();
  await fake?.stop();
});

describe(`REST start without channelId (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it('goes out through the one real channel, not the older simulator', async () => {
    const flowId = await publishFlow(t, 'Hello any', hello());
    expect((await execute(flowId, { to: '+14155550171' })).status).toBe(201);
    expect(await replyChannel('+14155550171')).toBe(twilio.id);
    await eventually(async () => fake.messages.some((m) => m.get('To') === '+14155550171'), 'the MT at the fake Twilio API');
  });

  it('uses the channel the trigger names, even a simulator', async () => {
    const flowId = await publishFlow(t, 'Hello demo', hello([demo.id]));
    expect((await execute(flowId, { to: '+14155550172' })).status).toBe(201);
    expect(await replyChannel('+14155550172')).toBe(demo.id);
  });

  it('with two real channels, refuses naming channelId and the candidates; channelId or a trigger naming one settles it', async () => {
    const second = await twilioChannel('Twilio backup', '+14155550180');
    const anyFlow = await publishFlow(t, 'Hello both', hello());
    const refused = await execute(anyFlow, { to: '+14155550173' });
    expect(refused.status).toBe(400);
    expect(refused.body.problems).toEqual([expect.objectContaining({ path: 'channelId' })]);
    expect(refused.body.message).toContain('"Twilio US" (+14155550170');
    expect(refused.body.message).toContain('"Twilio backup" (+14155550180');
    expect(await ds.getRepository(MessageEntity).countBy({ to: '+14155550173' })).toBe(0);

    expect((await execute(anyFlow, { to: '+14155550173', channelId: second.id })).status).toBe(201);
    expect(await replyChannel('+14155550173')).toBe(second.id);

    const bothNamed = await publishFlow(t, 'Hello named two', hello([twilio.id, second.id]));
    expect((await execute(bothNamed, { to: '+14155550174' })).status).toBe(400);
    const oneNamed = await publishFlow(t, 'Hello named one', hello([second.id]));
    expect((await execute(oneNamed, { to: '+14155550175' })).status).toBe(201);
    expect(await replyChannel('+14155550175')).toBe(second.id);
  });
});
