import { ConsentEventEntity, RunEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, publishFlow } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { joinFlow, outbound, outboundSettled, sendMo, simulatorChannel, type ChannelInfo } from '../conversations/messaging-fixtures';

let t: TestApp;
let ds: DataSource;
let channel: ChannelInfo;
const OPT_OUT_TEXT = 'You are out. Reply START to come back.';

beforeAll(async () => {
  t = await createTestApp();
  ds = t.app.get(DataSource);
  channel = await simulatorChannel(t, { optOutText: OPT_OUT_TEXT, optInText: 'Welcome back!', helpText: 'Acme alerts. Reply STOP to opt out.', keywords: { optOut: ['ARRET'] } });
  await publishFlow(t, 'Join', joinFlow());
});
afterAll(() => t?.close());

const settledTexts = async (phone: string, n: number) => (await outboundSettled(t, phone, n)).map((m) => `${m.status}:${m.text}`);

// Every word of the issue, plus case, punctuation, look-alike letters, a channel extra word and the
// documented "stop please" (≤ 3 words starting with an opt-out word counts: see libs/sms README).
const VARIANTS = ['STOP', 'stopall', 'Unsubscribe', 'CANCEL', 'end', 'QUIT', 'revoke', 'OPTOUT', 'OPT OUT', 'opt-out', 'Stop!!', 'ЅТОР', 'Ｓｔｏｐ', 'stop please', 'arrêt'];

describe(`compliance keywords (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it.each(VARIANTS.map((v, i) => [v, `+1415555${String(3000 + i)}`] as const))('"%s" opts out, confirms once, ends the waiting session, suppresses the next MT', async (word, phone) => {
    await sendMo(t, channel.id, phone, 'JOIN');
    const run = await eventually(async () => (await ds.getRepository(RunEntity).findOneBy({ contactPhone: phone, status: 'waiting' })), 'the waiting JOIN run');
    expect(await settledTexts(phone, 1)).toEqual(['sent:Welcome! What is your order number?']);

    await sendMo(t, channel.id, phone, word);
    expect(await settledTexts(phone, 2)).toEqual(['sent:Welcome! What is your order number?', `sent:${OPT_OUT_TEXT}`]);
    expect((await ds.getRepository(RunEntity).findOneBy({ id: run.id }))?.status).toBe('cancelled');

    await sendMo(t, channel.id, phone, 'STOP'); // already out: no second confirmation
    await sendMo(t, channel.id, phone, 'JOIN'); // the flow runs, its MT is suppressed
    const rows = await outboundSettled(t, phone, 3);
    expect(rows.map((m) => `${m.status}:${m.text}`)).toEqual(['sent:Welcome! What is your order number?', `sent:${OPT_OUT_TEXT}`, 'suppressed:Welcome! What is your order number?']);
    const consent = await ds.getRepository(ConsentEventEntity).find({ where: { phone }, order: { at: 'ASC' } });
    expect(consent.map((c) => [c.action, c.source, c.channelId])).toEqual([['opt_out', 'keyword', channel.id]]);
  });

  it('"stop by our shop tomorrow" is conversation, not an opt-out', async () => {
    const phone = '+14155553100';
    await sendMo(t, channel.id, phone, 'stop by our shop tomorrow');
    await eventually(async () => (await ds.query(`SELECT status FROM messages WHERE from_addr = '${phone}'`) as { status: string }[])[0]?.status === 'unhandled', 'routing');
    expect(await ds.getRepository(ConsentEventEntity).countBy({ phone })).toBe(0);
  });

  it('START opts back in with the opt-in text; YES opts in only when opted out; HELP answers with the help text', async () => {
    const phone = '+14155553101';
    await sendMo(t, channel.id, phone, 'HELP');
    expect(await settledTexts(phone, 1)).toEqual(['sent:Acme alerts. Reply STOP to opt out.']);
    await sendMo(t, channel.id, phone, 'yes'); // not opted out: an ordinary (unhandled) message
    await sendMo(t, channel.id, phone, 'STOP');
    await sendMo(t, channel.id, phone, 'YES');
    await sendMo(t, channel.id, phone, 'START'); // already in again: no second confirmation
    await sendMo(t, channel.id, phone, 'JOIN');
    expect(await settledTexts(phone, 4)).toEqual([
      'sent:Acme alerts. Reply STOP to opt out.', `sent:${OPT_OUT_TEXT}`, 'sent:Welcome back!', 'sent:Welcome! What is your order number?',
    ]);
    const consent = await ds.getRepository(ConsentEventEntity).find({ where: { phone }, order: { at: 'ASC' } });
    expect(consent.map((c) => [c.action, c.keyword])).toEqual([['opt_out', 'STOP'], ['opt_in', 'YES']]);
  });

  it('no flow can override STOP: a waiting session does not receive it', async () => {
    const phone = '+14155553102';
    await sendMo(t, channel.id, phone, 'JOIN');
    await eventually(async () => (await ds.getRepository(RunEntity).findOneBy({ contactPhone: phone, status: 'waiting' })), 'waiting');
    await sendMo(t, channel.id, phone, 'stop');
    await outboundSettled(t, phone, 2);
    expect((await outbound(t, phone)).map((m) => m.text)).not.toContain('Got it: stop');
  });

  it('a REST start without channelId sends from the channel, so an opted-out contact is still suppressed', async () => {
    const phone = '+14155553103';
    await sendMo(t, channel.id, phone, 'STOP');
    await outboundSettled(t, phone, 1);
    const flowId = await publishFlow(t, 'Rest reminder', joinFlow({ keyword: 'REMIND' }));
    const key = await t.apiKey(['flows:execute']);
    const res = await t.http.post(`/api/v1/flows/${flowId}/executions`).set('Authorization', `Bearer ${key}`).send({ to: phone });
    expect(res.status).toBe(201);
    const rows = await outboundSettled(t, phone, 2);
    expect(rows.map((m) => [m.status, m.channelId])).toEqual([['sent', channel.id], ['suppressed', channel.id]]);
  });
});
