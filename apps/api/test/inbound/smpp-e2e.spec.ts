import type { RunDetailDto } from '@moflow/api-contract';
import { InboxMessageEntity, MessageEntity, RunEntity } from '@moflow/data-access';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { FakeSmsc } from '@moflow/providers/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmppBindingsService } from '../../src/inbound/smpp-bindings.service';
import { eventually, publishFlow } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { allowLocalGateways, createChannel, type ChannelInfo } from '../conversations/messaging-fixtures';

// UCS-2 (Cyrillic), 150 characters: more than two 67-character parts, so exactly three.
const LONG_REPLY = ('Добро пожаловать! Ваш номер заказа, пожалуйста. ').repeat(4).slice(0, 150);

const flow: FlowDefinitionInput = {
  specVersion: 1,
  nodes: [
    { id: 'start', type: 'trigger', config: { keywords: ['JOIN'] } },
    { id: 'hello', type: 'reply', config: { text: LONG_REPLY } },
    { id: 'done', type: 'end', config: {} },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'hello' }, { id: 'e2', source: 'hello', target: 'done' }],
};

let t: TestApp;
let ds: DataSource;
let smsc: FakeSmsc;
let channel: ChannelInfo;

beforeAll(async () => {
  smsc = new FakeSmsc('moflow', 'secret12');
  const port = await smsc.start();
  t = await createTestApp();
  await allowLocalGateways(t);
  ds = t.app.get(DataSource);
  await publishFlow(t, 'Join over SMPP', flow);
  channel = await createChannel(t, {
    name: 'SMSC', provider: 'smpp', kind: 'short_code', address: '12345', defaultRegion: 'GB',
    connection: { host: '127.0.0.1', port, systemId: 'moflow' }, credentials: { password: 'secret12' },
  });
  await eventually(async () => t.app.get(SmppBindingsService).adapter(channel.id)?.esme.isBound, 'the ESME bound at channel creation');
});
afterAll(async () => {
  await t?.close();
  await smsc?.stop();
});

describe(`SMPP end to end (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it('an MO over deliver_sm is stored before the resp, the flow replies in three UCS-2 parts, and a receipt marks it delivered in the run log', async () => {
    const statuses = await smsc.deliverMo({ from: '+447700900123', to: '12345', text: 'join' });
    expect(statuses).toEqual([0]);
    expect(await ds.getRepository(InboxMessageEntity).countBy({ channelId: channel.id, from: '+447700900123' })).toBe(1);

    await eventually(async () => smsc.submits.length >= 3, 'three submit_sm parts');
    expect(smsc.submits).toHaveLength(3);
    expect(smsc.submits.map((s) => [s.dataCoding, s.concat?.total, s.concat?.part])).toEqual([[8, 3, 1], [8, 3, 2], [8, 3, 3]]);
    expect(smsc.submits.map((s) => s.text).join('')).toBe(LONG_REPLY);
    expect(smsc.submits.every((s) => s.destination === '447700900123' && s.source === '12345')).toBe(true);

    const mt = await eventually(async () => (await ds.getRepository(MessageEntity).findOneBy({ direction: 'out', to: '+447700900123', status: 'sent' })), 'the MT sent');
    expect(mt).toMatchObject({ provider: 'smpp', segments: 3, providerMessageId: smsc.submits[0]!.messageId });

    // Delivered once every part is (docs/providers.md, "Delivery reports").
    for (const part of smsc.submits) expect(await smsc.deliverReceipt({ messageId: part.messageId, stat: 'DELIVRD', via: 'tlv', to: '12345', from: '+447700900123' })).toBe(0);
    await eventually(async () => (await ds.getRepository(MessageEntity).findOneBy({ id: mt.id }))?.status === 'delivered', 'the receipt applied');

    const run = await ds.getRepository(RunEntity).findOneByOrFail({ contactPhone: '+447700900123' });
    const detail = (await (await t.loginAs('ops')).get(`/api/v1/runs/${run.id}`)).body as RunDetailDto;
    expect(detail.status).toBe('completed');
    expect(detail.steps.map((s) => s.type)).toEqual(expect.arrayContaining(['reply_queued', 'message_status', 'delivery_report']));
    expect(detail.messages.find((m) => m.direction === 'out')).toMatchObject({ status: 'delivered', segments: 3 });
  });

  it('stores each part of a 3-part UDH MO before its deliver_sm_resp and joins the bytes in the flush that completes it', async () => {
    const text = 'hello over three parts of an SMPP concatenated message, abc{joined} from bytes';
    const mo = { from: '+447700900124', to: '12345', text, concat: { via: 'udh8' as const, ref: 7, partBytes: 30 } };
    // Two parts acknowledged: both are in the database already, nothing is joined yet.
    expect(await smsc.deliverMo({ ...mo, order: [2, 0] })).toEqual([0, 0]);
    const waiting = await ds.getRepository(InboxMessageEntity).findBy({ from: '+447700900124' });
    expect(waiting.map((r) => [r.status, r.concatPart, r.dataCoding]).sort()).toEqual([['part', 1, 0], ['part', 3, 0]]);
    expect(waiting.every((r) => !!r.partBytes)).toBe(true);

    expect(await smsc.deliverMo({ ...mo, order: [1] })).toEqual([0]);
    await eventually(async () => (await ds.getRepository(MessageEntity).findOneBy({ from: '+447700900124', direction: 'in' })), 'the joined MO');
    const rows = await ds.getRepository(InboxMessageEntity).findBy({ from: '+447700900124' });
    expect(rows.filter((r) => r.status === 'merged')).toHaveLength(3);
    // "{" is two GSM-7 bytes (ESC, "(") at bytes 59 and 60: the 30-byte cut splits them between parts 2 and 3.
    expect(rows.filter((r) => r.status !== 'merged').map((r) => r.text)).toEqual([text]);
    expect((await ds.getRepository(MessageEntity).findBy({ from: '+447700900124', direction: 'in' })).map((m) => m.text)).toEqual([text]);
  });

  it('a redelivered PDU (deliver_sm_resp lost) is acknowledged but stored and handled once; a part redelivered after the join too', async () => {
    const before = smsc.submits.length;
    expect(await smsc.deliverMo({ from: '+447700900125', to: '12345', text: 'join' })).toEqual([0]);
    expect(await smsc.deliverMo({ from: '+447700900125', to: '12345', text: 'join' })).toEqual([0]);
    const long = { from: '+447700900125', to: '12345', text: 'a long one that takes two parts of thirty bytes', concat: { via: 'udh8' as const, ref: 9, partBytes: 30 } };
    expect(await smsc.deliverMo(long)).toEqual([0, 0]);
    expect(await smsc.deliverMo({ ...long, order: [0] })).toEqual([0]);
    await eventually(async () => smsc.submits.length >= before + 3, 'the reply to the first MO');
    await new Promise((r) => setTimeout(r, 500));
    const inbox = await ds.getRepository(InboxMessageEntity).findBy({ from: '+447700900125' });
    expect(inbox.filter((r) => r.status !== 'merged').map((r) => r.text).sort()).toEqual(['a long one that takes two parts of thirty bytes', 'join']);
    expect(inbox.filter((r) => r.status === 'part')).toHaveLength(0);
    expect(await ds.getRepository(RunEntity).countBy({ contactPhone: '+447700900125' })).toBe(1);
    expect(smsc.submits.length).toBe(before + 3);
  });

  it('shows the bind (state, last PDU) in the channel API and /metrics; renaming the channel keeps the session', async () => {
    const admin = await t.loginAs('admin');
    const got = (await admin.get(`/api/v1/channels/${channel.id}`)).body;
    expect(got.smpp).toMatchObject({ state: 'bound', binds: 1, lastPduAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    const metrics = (await admin.get('/metrics')).text;
    expect(metrics).toContain(`moflow_smpp_bound{channel="${channel.id}"} 1`);
    expect(metrics).toMatch(new RegExp(`^moflow_smpp_last_pdu_seconds\\{channel="${channel.id}"\\} \\d+$`, 'm'));

    const binds = smsc.binds;
    expect((await admin.patch(`/api/v1/channels/${channel.id}`).send({ name: 'SMSC renamed' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(smsc.binds).toBe(binds);
    expect(t.app.get(SmppBindingsService).adapter(channel.id)?.esme.isBound).toBe(true);
  });
});
