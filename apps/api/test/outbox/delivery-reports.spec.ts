import type { RunDetailDto } from '@moflow/api-contract';
import { DeliveryPartEntity, HeldReceiptEntity, MessageEntity, RunEntity } from '@moflow/data-access';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { FakeSmsc } from '@moflow/providers/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SmppBindingsService } from '../../src/inbound/smpp-bindings.service';
import { PinoNestLogger } from '../../src/logging/logger';
import { DeliveryReportsService } from '../../src/outbox/delivery-reports.service';
import { eventually, publishFlow } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { allowLocalGateways, createChannel, type ChannelInfo } from '../conversations/messaging-fixtures';

// UCS-2, 150 characters: three parts, three SMSC message ids, three receipts.
const LONG_REPLY = ('Добро пожаловать! Ваш номер заказа, пожалуйста. ').repeat(4).slice(0, 150);
const flow: FlowDefinitionInput = {
  specVersion: 1,
  nodes: [
    { id: 'start', type: 'trigger', config: { keywords: ['JOIN'] } },
    { id: 'hello', type: 'reply', config: { text: LONG_REPLY } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'hello' }],
};

let t: TestApp;
let ds: DataSource;
let smsc: FakeSmsc;
let channel: ChannelInfo;

beforeAll(async () => {
  smsc = new FakeSmsc('moflow', 'secret12');
  const port = await smsc.start();
  t = await createTestApp({ env: { DLR_HOLD_SECONDS: '60' } });
  await allowLocalGateways(t);
  ds = t.app.get(DataSource);
  await publishFlow(t, 'Long reply over SMPP', flow);
  channel = await createChannel(t, {
    name: 'SMSC', provider: 'smpp', kind: 'short_code', address: '12345', defaultRegion: 'GB',
    connection: { host: '127.0.0.1', port, systemId: 'moflow' }, credentials: { password: 'secret12' },
  });
  await eventually(async () => t.app.get(SmppBindingsService).adapter(channel.id)?.esme.isBound, 'the ESME bound');
});
afterAll(async () => {
  await t?.close();
  await smsc?.stop();
});

/** An MO that makes the flow send the three-part reply; resolves with the SMSC ids of its parts. */
async function longReplyTo(from: string): Promise<string[]> {
  const before = smsc.submits.length;
  expect(await smsc.deliverMo({ from, to: '12345', text: 'join' })).toEqual([0]);
  await eventually(async () => smsc.submits.length >= before + 3, 'three submit_sm parts');
  return smsc.submits.slice(before, before + 3).map((s) => s.messageId);
}
const mtTo = (to: string) => eventually(async () => ds.getRepository(MessageEntity).findOneBy({ direction: 'out', to, status: 'sent' }), `the MT to ${to} sent`);
const statusOf = async (id: string) => (await ds.getRepository(MessageEntity).findOneByOrFail({ id })).status;
const receipt = (messageId: string, stat: 'DELIVRD' | 'UNDELIV', from: string) => smsc.deliverReceipt({ messageId, stat, via: 'text', to: '12345', from });

describe(`delivery reports (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it('multipart MT: a status per part; any undelivered part makes the message undelivered, whatever the order; shown per part in the run log', async () => {
    const ids = await longReplyTo('+447700900201');
    const mt = await mtTo('+447700900201');
    expect(await receipt(ids[0]!, 'DELIVRD', '+447700900201')).toBe(0);
    expect(await receipt(ids[1]!, 'DELIVRD', '+447700900201')).toBe(0);
    expect(await statusOf(mt.id)).toBe('sent'); // two of three parts delivered is not delivered
    expect(await receipt(ids[2]!, 'UNDELIV', '+447700900201')).toBe(0);
    expect(await statusOf(mt.id)).toBe('undelivered');
    const parts = await ds.getRepository(DeliveryPartEntity).find({ where: { messageId: mt.id }, order: { part: 'ASC' } });
    expect(parts.map((p) => [p.part, p.total, p.providerMessageId, p.status])).toEqual([[1, 3, ids[0], 'delivered'], [2, 3, ids[1], 'delivered'], [3, 3, ids[2], 'undelivered']]);

    const run = await ds.getRepository(RunEntity).findOneByOrFail({ contactPhone: '+447700900201' });
    const detail = (await (await t.loginAs('ops')).get(`/api/v1/runs/${run.id}`)).body as RunDetailDto;
    const reports = detail.steps.filter((s) => s.type === 'delivery_report');
    expect(reports.map((s) => s.reason)).toEqual([
      'part 1/3: provider reports DELIVRD', 'part 2/3: provider reports DELIVRD', 'part 3/3: provider reports UNDELIV; message undelivered',
    ]);
    expect(reports[2]!.data).toMatchObject({ part: 3, parts: 3, partStatus: 'undelivered', status: 'undelivered', providerMessageId: ids[2] });

    // The reverse order ends the same way, and a late DELIVRD does not turn it back.
    const reversed = await longReplyTo('+447700900202');
    const mt2 = await mtTo('+447700900202');
    expect(await receipt(reversed[2]!, 'UNDELIV', '+447700900202')).toBe(0);
    for (const id of reversed.slice(0, 2)) expect(await receipt(id, 'DELIVRD', '+447700900202')).toBe(0);
    expect(await statusOf(mt2.id)).toBe('undelivered');

    // Every part delivered: delivered.
    const good = await longReplyTo('+447700900203');
    const mt3 = await mtTo('+447700900203');
    for (const id of good) expect(await receipt(id, 'DELIVRD', '+447700900203')).toBe(0);
    expect(await statusOf(mt3.id)).toBe('delivered');
  });

  it('a receipt that overtakes submit_sm_resp is held durably (ESME_ROK after the commit) and applied when the ids are stored', async () => {
    smsc.holdResponses = true;
    const before = smsc.submits.length;
    try {
      expect(await smsc.deliverMo({ from: '+447700900204', to: '12345', text: 'join' })).toEqual([0]);
      await eventually(async () => smsc.submits.length > before, 'the first submit_sm, its resp held back');
      const first = smsc.submits[before]!.messageId;
      expect(await receipt(first, 'DELIVRD', '+447700900204')).toBe(0);
      expect(await ds.getRepository(HeldReceiptEntity).countBy({ channelId: channel.id, providerMessageId: first })).toBe(1);
      expect((await (await t.loginAs('admin')).get('/metrics')).text).toMatch(/^moflow_delivery_reports_held 1$/m);
    } finally {
      smsc.release();
    }
    await eventually(async () => smsc.submits.length >= before + 3, 'the other parts');
    const mt = await eventually(async () => ds.getRepository(MessageEntity).findOneBy({ direction: 'out', to: '+447700900204', status: 'sent' }), 'the MT sent');
    for (const s of smsc.submits.slice(before + 1, before + 3)) expect(await receipt(s.messageId, 'DELIVRD', '+447700900204')).toBe(0);
    await eventually(async () => (await statusOf(mt.id)) === 'delivered', 'the held receipt applied by the sweep', 10_000);
    expect(await ds.getRepository(HeldReceiptEntity).countBy({ channelId: channel.id })).toBe(0);
  });

  it('matches a decimal receipt id to the hex id submit_sm_resp gave', async () => {
    smsc.idFormat = 'hex';
    try {
      const ids = await longReplyTo('+447700900205');
      const mt = await mtTo('+447700900205');
      expect(ids[0]).toMatch(/^[0-9A-F]+$/);
      for (const id of ids) expect(await receipt(String(parseInt(id, 16)).padStart(10, '0'), 'DELIVRD', '+447700900205')).toBe(0);
      expect(await statusOf(mt.id)).toBe('delivered');
    } finally {
      smsc.idFormat = 'smsc';
    }
  });

  it('a receipt no message ever carries is held, then dropped after the hold window: logged with its id and counted in /metrics', async () => {
    const warn = vi.spyOn(PinoNestLogger.prototype, 'warn');
    try {
      expect(await receipt('smsc-never-sent', 'DELIVRD', '+447700900206')).toBe(0);
      const reports = t.app.get(DeliveryReportsService);
      expect(await reports.sweepHeld()).toEqual({ applied: 0, dropped: 0 }); // still within the window
      expect(await reports.sweepHeld(Date.now() + 61_000)).toEqual({ applied: 0, dropped: 1 });
      expect(warn.mock.calls.map((c) => String(c[0]))).toContainEqual(expect.stringContaining('provider message id "smsc-never-sent", which no message Moflow sent carries'));
      const metrics = (await (await t.loginAs('admin')).get('/metrics')).text;
      expect(metrics).toMatch(/^moflow_delivery_reports_total\{outcome="unmatched"\} 1$/m);
      expect(metrics).toMatch(/^moflow_delivery_reports_held 0$/m);
    } finally {
      warn.mockRestore();
    }
  });
});
