import { MessageEntity, OutboxStateEntity, RunStepEntity } from '@moflow/data-access';
import { DataSource, In } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRepository } from '../../src/outbox/outbox.repository';
import { OutboxSender } from '../../src/outbox/outbox.sender';
import { allowLocalGateways, createChannel, type ChannelInfo } from '../conversations/messaging-fixtures';
import { echoFlow, eventually, publishFlow } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { Gateway } from './gateway-fixture';
import { insertQueued } from './outbox-fixtures';

const SECRET = 'gateway-secret-for-the-batch-test';
const db = process.env.DATABASE_URL ? 'postgres' : 'sqlite';

describe(`batched outbox sender (${db})`, () => {
  let t: TestApp;
  let ds: DataSource;
  let sender: OutboxSender;
  let gateway: Gateway;
  let channel: ChannelInfo;

  beforeAll(async () => {
    gateway = new Gateway(SECRET, 15);
    await gateway.start();
    t = await createTestApp();
    ds = t.app.get(DataSource);
    sender = t.app.get(OutboxSender);
    await allowLocalGateways(t);
    channel = await createChannel(t, { name: 'Gateway', provider: 'generic', address: '+14155550100', connection: { url: gateway.url }, credentials: { secret: SECRET, webhookSecret: 'inbound-webhook-secret-1' } });
  });
  afterAll(async () => {
    await t?.close();
    await gateway?.stop();
  });

  it('sends 300 queued MTs of 30 contacts once each, every contact in order, at most 16 at a time on the channel', async () => {
    const mts = await insertQueued(ds, channel.id, 30, 10);
    sender.wake();
    await eventually(async () => (await ds.getRepository(MessageEntity).countBy({ id: In(mts.map((m) => m.id)), status: 'sent' })) === 300, '300 sent', 60_000);
    expect(gateway.received).toHaveLength(300);
    expect(new Set(gateway.received.map((r) => r.id)).size).toBe(300);
    for (let c = 0; c < 30; c++) {
      const to = `+1415666${String(c).padStart(4, '0')}`;
      expect(gateway.received.filter((r) => r.to === to).map((r) => r.text)).toEqual(Array.from({ length: 10 }, (_, k) => `${c}-${k}`));
    }
    // Different contacts in parallel, within the channel's lane.
    expect(gateway.maxOpen).toBeGreaterThan(1);
    expect(gateway.maxOpen).toBeLessThanOrEqual(16);
    // Provider ids recorded for delivery reports, attempts counted, leases dropped.
    const one = await ds.getRepository(MessageEntity).findOneByOrFail({ id: mts[0]!.id });
    expect(one).toMatchObject({ provider: 'webhook', providerMessageId: `gw-${mts[0]!.id}` });
    const states = await ds.getRepository(OutboxStateEntity).findBy({ messageId: In(mts.map((m) => m.id)) });
    expect(states.every((s) => s.attempts === 1 && s.leaseOwner === null && s.providerIds?.[0] === `gw-${s.messageId}`)).toBe(true);

    const metrics = (await (await t.loginAs('admin')).get('/metrics')).text;
    expect(metrics).toContain(`moflow_outbox_results_total{channel="${channel.id}",status="sent"} 300`);
    expect(metrics).toMatch(/^moflow_outbox_queue_depth 0$/m);
    expect(metrics).toMatch(/^moflow_outbox_lag_seconds 0$/m);
  }, 90_000);

  it('commits `sending` before the provider call, and records the result with a run-log note', async () => {
    gateway.hold = true;
    const flowId = await publishFlow(t, 'Notify', echoFlow('NOTIFY', { rest: true }));
    const started = await t.http.post(`/api/v1/flows/${flowId}/executions`).set('Authorization', `Bearer ${await t.apiKey(['flows:execute'])}`)
      .send({ to: '+14155557777', channelId: channel.id, parameters: { name: 'Ada' } });
    expect(started.status).toBe(201);
    const runId = (started.body as { runId: string }).runId;
    const mt = await eventually(() => ds.getRepository(MessageEntity).findOneBy({ runId, direction: 'out' }), 'the MT of the run');
    await eventually(async () => gateway.received.some((r) => r.id === mt.id && r.text === 'Hello Ada'), 'the request at the gateway');
    // The provider has it and has not answered: a crash now must not send it again, so the row says `sending`.
    expect((await ds.getRepository(MessageEntity).findOneByOrFail({ id: mt.id })).status).toBe('sending');
    expect((await ds.getRepository(OutboxStateEntity).findOneByOrFail({ messageId: mt.id })).attempts).toBe(1);
    gateway.release();
    await eventually(async () => (await ds.getRepository(MessageEntity).findOneByOrFail({ id: mt.id })).status === 'sent', 'sent');
    const steps = await ds.getRepository(RunStepEntity).find({ where: { runId }, order: { seq: 'ASC' } });
    // After the run's own steps, numbered from the run row.
    const note = steps.find((s) => s.type === 'message_status');
    expect(note).toMatchObject({ nodeId: 'hello', reason: 'accepted by webhook', data: { messageId: mt.id, status: 'sent' } });
    expect(note!.seq).toBe(steps.length - 1);
    expect(steps.map((s) => s.seq)).toEqual(steps.map((_, i) => i));
  });

  it('an MT a dead sender left `sending` is sent again with the same id on a generic channel, and failed as outcome unknown where the provider cannot dedupe', async () => {
    const twilio = await createChannel(t, {
      name: 'Twilio', provider: 'twilio', address: '+14155550190', connection: { accountSid: `AC${'0'.repeat(32)}`, baseUrl: 'http://127.0.0.1:9' }, credentials: { authToken: 'a'.repeat(32) },
    });
    // What a SIGKILL during the provider call leaves: `sending`, leased by a process that is gone.
    const dead = { status: 'sending', attempts: 1, leaseOwner: 'a-dead-process', leaseUntil: Date.now() - 1 };
    const [generic] = await insertQueued(ds, channel.id, 1, 1, Date.now(), dead);
    const [other] = await insertQueued(ds, twilio.id, 1, 1, Date.now(), dead);
    await eventually(async () => (await ds.getRepository(MessageEntity).findOneByOrFail({ id: generic!.id })).status === 'sent', 'resent and sent', 20_000);
    expect(gateway.received.filter((r) => r.id === generic!.id)).toHaveLength(1);
    await eventually(async () => (await ds.getRepository(MessageEntity).findOneByOrFail({ id: other!.id })).status === 'failed', 'failed as unknown', 20_000);
    expect((await ds.getRepository(OutboxStateEntity).findOneByOrFail({ messageId: other!.id })).detail).toMatch(/outcome unknown .*not resent/);
    expect((await ds.getRepository(OutboxStateEntity).findOneByOrFail({ messageId: generic!.id })).attempts).toBe(2);
  }, 60_000);
});

describe(`outbox claims (${db}), MOFLOW_PIPELINE=off: this process sends nothing`, () => {
  let t: TestApp;
  let ds: DataSource;
  let gateway: Gateway;
  let channel: ChannelInfo;

  beforeAll(async () => {
    gateway = new Gateway(SECRET);
    await gateway.start();
    t = await createTestApp({ env: { MOFLOW_PIPELINE: 'off' } });
    ds = t.app.get(DataSource);
    await allowLocalGateways(t);
    channel = await createChannel(t, { name: 'Gateway', provider: 'generic', address: '+14155550100', connection: { url: gateway.url }, credentials: { secret: SECRET, webhookSecret: 'inbound-webhook-secret-1' } });
  });
  afterAll(async () => {
    await t?.close();
    await gateway?.stop();
  });

  it('queue() stores the MT and leaves it for the workers', async () => {
    const mt = await t.app.get(OutboxSender).queue({ channelId: channel.id, contactId: 'c-off', to: '+14155558888', text: 'for a worker' });
    await new Promise((r) => setTimeout(r, 800));
    expect(gateway.received).toHaveLength(0);
    expect((await ds.getRepository(MessageEntity).findOneByOrFail({ id: mt.id })).status).toBe('queued');
    expect((await ds.getRepository(OutboxStateEntity).findOneByOrFail({ messageId: mt.id })).leaseOwner).toBeNull();
  });

  it('three senders claiming at once never take the same MT, and take only the oldest MT of each contact', async () => {
    const mts = await insertQueued(ds, channel.id, 50, 4);
    const repo = new OutboxRepository(ds);
    const now = Date.now() + 10;
    const claims = await Promise.all(['s1', 's2', 's3'].map((owner) => repo.claim(owner, now, now + 60_000, 30)));
    const ids = claims.flat().map((c) => c.message.id);
    expect(new Set(ids).size).toBe(ids.length);
    // 50 contacts → 50 claimable MTs (each contact's first), whatever the interleaving; plus the queue() MT above.
    const firsts = new Set(mts.filter((m) => m.text.endsWith('-0')).map((m) => m.id));
    expect(ids.filter((id) => firsts.has(id))).toHaveLength(50);
    expect(ids.filter((id) => !firsts.has(id) && mts.some((m) => m.id === id))).toHaveLength(0);
    const owners = await ds.getRepository(OutboxStateEntity).findBy({ messageId: In(ids) });
    for (const [i, claim] of claims.entries()) {
      for (const c of claim) expect(owners.find((o) => o.messageId === c.message.id)?.leaseOwner).toBe(`s${i + 1}`);
    }
    // Leased: nobody else gets them until the lease runs out.
    expect(await repo.claim('s4', now, now + 60_000, 100)).toHaveLength(0);
    expect((await repo.claim('s4', now + 61_000, now + 120_000, 100)).length).toBe(51);
  });

  it('/metrics shows the queue depth and how long the oldest due MT has waited', async () => {
    await insertQueued(ds, channel.id, 1, 1, Date.now() - 5 * 60_000);
    const metrics = (await (await t.loginAs('admin')).get('/metrics')).text;
    const depth = Number(/^moflow_outbox_queue_depth (\d+)$/m.exec(metrics)?.[1]);
    const lag = Number(/^moflow_outbox_lag_seconds ([\d.]+)$/m.exec(metrics)?.[1]);
    expect(depth).toBeGreaterThanOrEqual(1);
    expect(lag).toBeGreaterThanOrEqual(300);
    expect(lag).toBeLessThan(400);
  });
});
