import { createHmac } from 'node:crypto';
import type { MessageDto } from '@moflow/api-contract';
import { InboxMessageEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { simulatorChannel, WEBHOOK_SECRET, type ChannelInfo } from '../conversations/messaging-fixtures';

let t: TestApp;
let noRegion: ChannelInfo;
let gb: ChannelInfo;
let n = 0;

function post(channelId: string, from: string, to: string) {
  const body = JSON.stringify({ id: `addr-${++n}`, from, to, text: 'hello' });
  const sig = 'sha256=' + createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex');
  return t.http.post(`/api/v1/inbound/${channelId}`).set({ 'Content-Type': 'application/json', 'X-Moflow-Signature': sig }).send(body);
}

beforeAll(async () => {
  t = await createTestApp();
  noRegion = await simulatorChannel(t, { name: 'No region' });
  gb = await simulatorChannel(t, { name: 'GB', address: '+447700900000', defaultRegion: 'GB' });
});
afterAll(() => t?.close());

describe(`inbound from/to (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it('refuses an MO whose from is not a phone number or short code, naming the field; nothing is stored', async () => {
    const res = await post(noRegion.id, 'abc', '+14155550100');
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([expect.objectContaining({ path: 'from', message: expect.stringContaining('not a phone number or short code') })]);
    expect(await t.app.get(DataSource).getRepository(InboxMessageEntity).countBy({ from: 'abc' })).toBe(0);
    // A short code may text in.
    expect((await post(noRegion.id, '12345', '+14155550100')).status).toBe(200);
  });

  it('refuses a national-format number on a channel without defaultRegion, naming defaultRegion as the fix', async () => {
    for (const from of ['07700 900123', '(415) 555-0123']) {
      const res = await post(noRegion.id, from, '+14155550100');
      expect(res.status, from).toBe(400);
      expect(res.body.problems[0].path).toBe('from');
      expect(res.body.problems[0].message).toMatch(/national-format number.*defaultRegion/);
    }
    // International digits without "+" (as Vonage and SMPP send them) stay accepted.
    expect((await post(noRegion.id, '447700900124', '+14155550100')).status).toBe(200);
    // With defaultRegion the same national number is read in that region.
    expect((await post(gb.id, '07700 900123', '+447700900000')).status).toBe(200);
    await eventually(async () => t.app.get(DataSource).getRepository(InboxMessageEntity).findOneBy({ channelId: gb.id, from: '+447700900123' }), 'the GB MO');
  });

  it('stores an MO addressed to another number than the channel\'s, with a warning on the message', async () => {
    expect((await post(noRegion.id, '+14155550177', '+14155550999')).status).toBe(200);
    expect((await post(noRegion.id, '+14155550178', '+14155550100')).status).toBe(200);
    const ops = await t.loginAs('ops');
    const listed = await eventually(async () => {
      const rows = (await ops.get(`/api/v1/messages?direction=in&channelId=${noRegion.id}`)).body.items as MessageDto[];
      return rows.some((m) => m.from === '+14155550177') && rows.some((m) => m.from === '+14155550178') ? rows : null;
    }, 'both MOs handled');
    expect(listed.find((m) => m.from === '+14155550177')?.detail).toBe("addressed to +14155550999, not the channel's number +14155550100");
    expect(listed.find((m) => m.from === '+14155550178')?.detail).toBeNull();
  });
});
