import { ContactEntity, MessageEntity, RunEntity, RunStepEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactPrivacyService } from '../../src/compliance/contact-privacy.service';
import { eventually, publishFlow } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';
import { joinFlow, outboundSettled, sendMo, simulatorChannel, type ChannelInfo } from '../conversations/messaging-fixtures';

let t: TestApp;
let ds: DataSource;
let channel: ChannelInfo;

beforeAll(async () => {
  t = await createTestApp();
  ds = t.app.get(DataSource);
  channel = await simulatorChannel(t);
  await publishFlow(t, 'Join', joinFlow());
});
afterAll(() => t?.close());

/** Every MO of `phone` routed (its rule and run-log note committed), so step counts are stable. */
async function routed(phone: string, n: number): Promise<void> {
  await eventually(async () => (await ds.getRepository(MessageEntity).find({ where: { from: phone, direction: 'in' } }))
    .filter((m) => m.status !== 'received').length >= n, `${n} routed MO(s) from ${phone}`);
}

async function contactOf(phone: string): Promise<ContactEntity> {
  return eventually(() => ds.getRepository(ContactEntity).findOneBy({ phone }), `contact ${phone}`);
}

describe(`consent log and personal data (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'})`, () => {
  it('logs every opt-out and opt-in with time, channel and source message; exports CSV; cannot be edited', async () => {
    const phone = '+14155555001';
    await sendMo(t, channel.id, phone, 'STOP', 'mo-consent-1');
    await sendMo(t, channel.id, phone, 'START', 'mo-consent-2');
    await outboundSettled(t, phone, 2);
    const contact = await contactOf(phone);
    const ops = await t.loginAs('ops');
    // The log API reads newest first; oldest first here, as the events happened.
    const log = ((await ops.get(`/api/v1/consent?contactId=${contact.id}`)).body.items as Array<Record<string, unknown>>).reverse();
    expect(log.map((r) => [r['action'], r['source'], r['keyword'], r['channelId']])).toEqual([
      ['opt_out', 'keyword', 'STOP', channel.id], ['opt_in', 'keyword', 'START', channel.id],
    ]);
    const inbound = await ds.getRepository(MessageEntity).find({ where: { from: phone, direction: 'in' }, order: { createdAt: 'ASC' } });
    expect(log.map((r) => r['messageId'])).toEqual(inbound.map((m) => m.id));
    expect(log.map((r) => r['at'])).toEqual(log.map(() => expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)));

    const csv = await ops.get(`/api/v1/consent/export.csv?contactId=${contact.id}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('at,action,channelId,contactId,phone,source,keyword,messageId,actorId');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`,opt_out,${channel.id},${contact.id},${phone},keyword,STOP,`);

    const admin = await t.loginAs('admin');
    const id = log[0]!['id'] as string;
    for (const res of [await admin.put(`/api/v1/consent/${id}`).send({ action: 'opt_in' }), await admin.delete(`/api/v1/consent/${id}`),
      await admin.patch(`/api/v1/consent/${id}`).send({}), await admin.delete('/api/v1/consent')]) {
      expect([404, 405]).toContain(res.status);
    }
    expect(((await ops.get(`/api/v1/consent?contactId=${contact.id}`)).body.items as unknown[]).length).toBe(2);
  });

  it('an operator opt-out cancels the contact\'s waiting run on that channel, as a STOP does; the answer it waited for starts nothing', async () => {
    const phone = '+14155555019';
    await sendMo(t, channel.id, phone, 'JOIN');
    const run = await eventually(async () => ds.getRepository(RunEntity).findOneBy({ contactPhone: phone, status: 'waiting' }), 'the waiting run');
    const contact = await contactOf(phone);
    const ops = await t.loginAs('ops');
    const res = await ops.put(`/api/v1/contacts/${contact.id}/channels/${channel.id}/opt-out`).send({ optedOut: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ optedOut: true, changed: true, cancelledRunId: run.id });
    expect((await ds.getRepository(RunEntity).findOneByOrFail({ id: run.id })).status).toBe('cancelled');
    // (the sender may record the welcome MT's status in the run log after the cancellation)
    const cancelled = await ds.getRepository(RunStepEntity).find({ where: { runId: run.id, type: 'run_cancelled' } });
    expect(cancelled).toEqual([expect.objectContaining({ reason: expect.stringMatching(/^the contact was opted out by /) })]);

    // The answer the run was waiting for no longer reaches it, and nothing is sent to an opted-out contact.
    await sendMo(t, channel.id, phone, '12345');
    await routed(phone, 2);
    const outs = await outboundSettled(t, phone, 1);
    expect(outs.map((m) => m.text)).toEqual(['Welcome! What is your order number?']);
    // Opting in again does not bring the run back.
    expect((await ops.put(`/api/v1/contacts/${contact.id}/channels/${channel.id}/opt-out`).send({ optedOut: false })).body).toMatchObject({ changed: true, cancelledRunId: null });
    expect((await ds.getRepository(RunEntity).findOneByOrFail({ id: run.id })).status).toBe('cancelled');
  });

  it('operators opt a contact out through the API, logged with the actor', async () => {
    const phone = '+14155555002';
    await sendMo(t, channel.id, phone, 'hi');
    const contact = await contactOf(phone);
    const ops = await t.loginAs('ops');
    const res = await ops.put(`/api/v1/contacts/${contact.id}/channels/${channel.id}/opt-out`).send({ optedOut: true });
    expect(res.body).toMatchObject({ optedOut: true, changed: true });
    const bad = await ops.put(`/api/v1/contacts/${contact.id}/channels/${channel.id}/opt-out`).send({ optedOut: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0]).toMatchObject({ path: 'optedOut' });
    const log = (await ops.get(`/api/v1/consent?contactId=${contact.id}`)).body.items as Array<Record<string, unknown>>;
    expect(log).toEqual([expect.objectContaining({ action: 'opt_out', source: 'api', actorId: expect.any(String) })]);
    const detail = (await ops.get(`/api/v1/contacts/${contact.id}`)).body as { createdAt: string; channels: Array<{ channelId: string; optedOut: boolean }> };
    expect(detail.channels).toEqual([expect.objectContaining({ channelId: channel.id, optedOut: true })]);
    expect(new Date(detail.createdAt).getTime()).toBe(contact.createdAt);

    const edited = await ops.patch(`/api/v1/contacts/${contact.id}`).send({ name: 'Ada', fields: { plan: 'gold', tier: 2 }, subscriptions: ['news', 'news', 'deals'] });
    expect(edited.body).toMatchObject({ name: 'Ada', fields: { plan: 'gold', tier: 2 }, subscriptions: ['news', 'deals'] });
    const removed = await ops.patch(`/api/v1/contacts/${contact.id}`).send({ fields: { tier: null } });
    expect(removed.body.fields).toEqual({ plan: 'gold' });
    const badFields = await ops.patch(`/api/v1/contacts/${contact.id}`).send({ fields: 'gold' });
    expect(badFields.status).toBe(400);
    expect(badFields.body.problems[0]).toMatchObject({ path: 'fields', message: 'must be a JSON object' });
  });

  it('exports all data of one contact, then erases it: personal data gone, counts kept', async () => {
    const phone = '+14155555003';
    await sendMo(t, channel.id, phone, 'JOIN');
    await outboundSettled(t, phone, 1);
    await sendMo(t, channel.id, phone, 'order 4711, my name is Ada Lovelace');
    await outboundSettled(t, phone, 2);
    await routed(phone, 2);
    const contact = await contactOf(phone);
    const admin = await t.loginAs('admin');
    const exported = (await admin.get(`/api/v1/contacts/${contact.id}/export`)).body as { contact: { phone: string }; messages: Array<{ text: string }>; runs: unknown[] };
    expect(exported.contact.phone).toBe(phone);
    expect(exported.messages.map((m) => m.text)).toContain('order 4711, my name is Ada Lovelace');
    expect(exported.runs).toHaveLength(1);

    const runsBefore = await ds.getRepository(RunEntity).countBy({ contactId: contact.id });
    const stepsBefore = await ds.getRepository(RunStepEntity).count();
    const erased = await admin.delete(`/api/v1/contacts/${contact.id}`);
    expect(erased.status).toBe(200);
    expect(await ds.getRepository(RunEntity).countBy({ contactId: contact.id })).toBe(runsBefore);
    expect(await ds.getRepository(RunStepEntity).count()).toBe(stepsBefore);
    expect(await ds.getRepository(MessageEntity).countBy({ contactId: contact.id })).toBe(4);
    const dump = JSON.stringify(await ds.query('SELECT * FROM messages')) + JSON.stringify(await ds.query('SELECT * FROM runs'))
      + JSON.stringify(await ds.query('SELECT * FROM contacts')) + JSON.stringify(await ds.query('SELECT * FROM inbox'))
      + JSON.stringify(await ds.query('SELECT * FROM run_steps'));
    expect(dump).not.toContain(phone);
    expect(dump).not.toContain('Ada Lovelace');
  });

  it('erases the texts that run errors and step reasons quote, so GET /runs?error= no longer finds them', async () => {
    const flow = (keyword: string, nodes: Array<Record<string, unknown>>) => ({
      specVersion: 1,
      nodes: [{ id: 'start', type: 'trigger', config: { keywords: [keyword] } }, ...nodes],
      edges: nodes.map((n, i) => ({ id: `e${i}`, source: i === 0 ? 'start' : (nodes[i - 1]!['id'] as string), sourceHandle: i === 0 ? 'next' : 'other', target: n['id'] as string })),
    });
    await publishFlow(t, 'Age', flow('AGE', [{ id: 'age', type: 'set', config: { assignments: [{ target: 'vars.age', expression: '$number($substringAfter(message.text, " "))' }] } }]) as never);
    await publishFlow(t, 'Colour', flow('COLOUR', [
      { id: 'pick', type: 'match', config: { input: 'message.text', cases: [{ id: 'red', mode: 'exact', values: ['COLOUR red'] }] } },
      { id: 'bye', type: 'end', config: {} },
    ]) as never);
    const phone = '+14155555009';
    await sendMo(t, channel.id, phone, 'AGE Grace Hopper born 1906', 'mo-erase-1');
    await sendMo(t, channel.id, phone, 'COLOUR Grace Hopper likes teal', 'mo-erase-2');
    await routed(phone, 2);
    const admin = await t.loginAs('admin');
    await eventually(async () => ((await admin.get('/api/v1/runs?error=Hopper')).body.items as unknown[]).length === 1, 'the failed run');
    const steps = await ds.getRepository(RunStepEntity).find();
    expect(steps.some((st) => st.reason?.includes('Grace Hopper likes teal'))).toBe(true);
    const contact = await contactOf(phone);

    expect((await admin.delete(`/api/v1/contacts/${contact.id}`)).status).toBe(200);
    expect((await admin.get('/api/v1/runs?error=Hopper')).body.items).toEqual([]);
    const runs = (await admin.get(`/api/v1/runs?contact=${contact.id}`)).body.items as Array<{ id: string; status: string; error: string | null }>;
    const details = await Promise.all(runs.map(async (r) => (await admin.get(`/api/v1/runs/${r.id}`)).body as { steps: Array<{ nodeId: string; reason: string | null }> }));
    const everything = JSON.stringify(details) + JSON.stringify(await ds.query('SELECT * FROM runs')) + JSON.stringify(await ds.query('SELECT * FROM run_steps'));
    expect(everything).not.toContain('Hopper');
    expect(everything).not.toContain('teal');
    // the structure stays: which step, which way, and the shape of why
    expect(runs.find((r) => r.status === 'failed')?.error).toContain('[erased]');
    expect(details.flatMap((d) => d.steps).find((st) => st.nodeId === 'pick' && st.reason)?.reason).toBe('no case matched "[erased]"');
    expect(runs.find((r) => r.status === 'failed')?.error).toMatch(/^node "age" \(set\): .*`\$number\(\$substringAfter\(message\.text, " "\)\)`.*Unable to cast value to a number: "\[erased\]"/);
  });

  it('retention blanks message bodies older than the cutoff and keeps the run structure', async () => {
    const phone = '+14155555004';
    await sendMo(t, channel.id, phone, 'JOIN');
    await outboundSettled(t, phone, 1);
    await routed(phone, 1);
    const steps = await ds.getRepository(RunStepEntity).count();
    const blanked = await t.app.get(ContactPrivacyService).applyRetention(Date.now() + 1_000);
    expect(blanked).toBeGreaterThanOrEqual(2);
    const rows = await ds.getRepository(MessageEntity).findBy({ contactId: (await contactOf(phone)).id });
    expect(rows.map((r) => r.text)).toEqual(['', '']);
    expect(await ds.getRepository(RunStepEntity).count()).toBe(steps);
    const runSteps = JSON.stringify(await ds.getRepository(RunStepEntity).findBy({ runId: rows[1]!.runId! }));
    expect(runSteps).not.toContain('Welcome!');
    expect(runSteps).toContain('"nodeId":"ask"');
    // A cutoff in the past touches nothing newer.
    await sendMo(t, channel.id, phone, 'fresh');
    await eventually(async () => (await ds.getRepository(MessageEntity).findOneBy({ text: 'fresh' })), 'fresh MO');
    await t.app.get(ContactPrivacyService).applyRetention(Date.now() - 60_000);
    expect(await ds.getRepository(MessageEntity).countBy({ text: 'fresh' })).toBe(1);
  });

  it('retention also expires what finished runs kept of old texts: vars, the message copy, quoting step reasons', async () => {
    await publishFlow(t, 'Shade', {
      specVersion: 1,
      nodes: [
        { id: 'start', type: 'trigger', config: { keywords: ['SHADE'] } },
        { id: 'keep', type: 'set', config: { assignments: [{ target: 'vars.said', expression: 'message.text' }, { target: 'vars.count', expression: '1' }] } },
        { id: 'pick', type: 'match', config: { input: 'message.text', cases: [{ id: 'red', mode: 'exact', values: ['SHADE red'] }] } },
        { id: 'bye', type: 'end', config: {} },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'keep' }, { id: 'e2', source: 'keep', sourceHandle: 'next', target: 'pick' },
        { id: 'e3', source: 'pick', sourceHandle: 'other', target: 'bye' },
      ],
    } as never);
    const phone = '+14155555014';
    await sendMo(t, channel.id, phone, 'SHADE mauve for Marie Curie', 'mo-retention-vars');
    await routed(phone, 1);
    const run = await eventually(async () => ds.getRepository(RunEntity).findOneBy({ contactPhone: phone, status: 'completed' }), 'the completed run');
    expect((run.state as { vars: Record<string, unknown> }).vars).toMatchObject({ said: 'SHADE mauve for Marie Curie', count: 1 });
    expect((await ds.getRepository(RunStepEntity).findBy({ runId: run.id })).some((st) => st.reason === 'no case matched "SHADE mauve for Marie Curie"')).toBe(true);

    await t.app.get(ContactPrivacyService).applyRetention(Date.now() + 1_000);
    const after = await ds.getRepository(RunEntity).findOneByOrFail({ id: run.id });
    const steps = await ds.getRepository(RunStepEntity).find({ where: { runId: run.id }, order: { seq: 'ASC' } });
    expect(JSON.stringify(after) + JSON.stringify(steps)).not.toContain('Curie');
    expect((after.state as { vars: Record<string, unknown> }).vars).toEqual({ said: '[expired]', count: 1 });
    expect(steps.find((st) => st.nodeId === 'pick' && st.type === 'step_left')).toMatchObject({ handle: 'other', reason: 'no case matched "[expired]"' });
  });
});

describe('retention job configuration', () => {
  it('runs at start-up when MESSAGE_RETENTION_DAYS is set and refuses a negative value', async () => {
    await expect(createTestApp({ env: { MESSAGE_RETENTION_DAYS: '-1' } })).rejects.toThrow(/MESSAGE_RETENTION_DAYS: must be 0 \(keep\) or more/);
    const app = await createTestApp({ env: { MESSAGE_RETENTION_DAYS: '30' } });
    try {
      expect(app.config.messageRetentionDays).toBe(30);
    } finally {
      await app.close();
    }
  });
});
