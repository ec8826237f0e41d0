import { MessageEntity, OutboxStateEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxSender } from '../../src/outbox/outbox.sender';
import { echoFlow, eventually, publishFlow } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { joinFlow, outboundSettled, sendMo, simulatorChannel, type ChannelInfo } from '../conversations/messaging-fixtures';

let t: TestApp;
let ds: DataSource;
let channel: ChannelInfo;
let restFlow: string;
let key: string;
/** When the quiet window was set (its end is "HH:MM" an hour later, the minute cut off). */
let windowSetAt: number;
const ZONE = 'America/Los_Angeles'; // +1 415 numbers

/** "HH:MM" in `zone`, `deltaMin` minutes from now. */
function localHHMM(deltaMin: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Date.now() + deltaMin * 60_000));
}

beforeAll(async () => {
  t = await createTestApp();
  ds = t.app.get(DataSource);
  // Quiet now in California (an hour either side), whatever time the test runs.
  windowSetAt = Date.now();
  channel = await simulatorChannel(t, { quietHours: { start: localHHMM(-60), end: localHHMM(60), replyWindowMinutes: 10 } });
  restFlow = await publishFlow(t, 'Notify', echoFlow('NOTIFY', { rest: true }));
  await publishFlow(t, 'Join', joinFlow());
  key = await t.apiKey(['flows:execute']);
});
afterAll(() => t?.close());

describe(`quiet hours (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it("defers an MT to the window's opening in the recipient's time zone, then sends it once the window is open", async () => {
    const phone = '+14155554001';
    const res = await t.http.post(`/api/v1/flows/${restFlow}/executions`).set('Authorization', `Bearer ${key}`).send({ to: phone, channelId: channel.id, parameters: { name: 'Ada' } });
    expect(res.status).toBe(201);
    const [mt] = await outboundSettled(t, phone, 1);
    expect(mt).toMatchObject({ status: 'deferred', text: 'Hello Ada' });
    const state = await ds.getRepository(OutboxStateEntity).findOneByOrFail({ messageId: mt!.id });
    // Opens when the window ends: the minute an hour after it was set (not "an hour from now": the
    // set-up before this line can take seconds on a busy machine).
    expect(state.nextAttemptAt).toBeGreaterThanOrEqual(windowSetAt + 59 * 60_000 - 1_000);
    expect(state.nextAttemptAt).toBeLessThanOrEqual(windowSetAt + 60 * 60_000 + 1_000);
    expect(state.detail).toContain(`quiet hours`);
    expect(state.detail).toContain(ZONE);

    // Time passes: the window is over (quiet hours moved away) and the row is due.
    const admin = await t.loginAs('admin');
    expect((await admin.patch(`/api/v1/channels/${channel.id}`).send({ quietHours: { start: localHHMM(120), end: localHHMM(180) } })).status).toBe(200);
    await ds.getRepository(OutboxStateEntity).update({ messageId: mt!.id }, { nextAttemptAt: Date.now() });
    await t.app.get(OutboxSender).poll();
    await eventually(async () => (await ds.getRepository(MessageEntity).findOneBy({ id: mt!.id }))?.status === 'sent', 'the deferred MT sent');
    expect(await ds.getRepository(MessageEntity).countBy({ to: phone, direction: 'out' })).toBe(1);
    await admin.patch(`/api/v1/channels/${channel.id}`).send({ quietHours: { start: localHHMM(-60), end: localHHMM(60), replyWindowMinutes: 10 } });
  });

  it('a reply to a message the contact just sent goes out during quiet hours', async () => {
    const phone = '+14155554002';
    await sendMo(t, channel.id, phone, 'JOIN');
    const [mt] = await outboundSettled(t, phone, 1);
    expect(mt).toMatchObject({ status: 'sent', text: 'Welcome! What is your order number?' });
  });
});
