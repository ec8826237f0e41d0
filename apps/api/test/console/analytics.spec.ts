import type { ChannelAnalyticsDto, FlowAnalyticsDto, FunnelDto } from '@moflow/api-contract';
import { ConsentEventEntity, DeliveryPartEntity, MessageEntity, nodeDayRollupSelect, OutboxStateEntity, RunEntity, RunStepEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMo, simulatorChannel } from '../conversations/messaging-fixtures';
import { echoFlow, eventually, publishFlow } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * The analytics endpoints over a known history written straight into the tables at fixed times (the
 * run log, messages, receipts and consent log as the pipeline and sender write them), so every
 * number below is counted by hand from the rows.
 */
const D = Date.UTC(2026, 2, 10);
const at = (h: number, m = 0) => D + h * 3_600_000 + m * 60_000;
const RANGE = { from: new Date(at(10)).toISOString(), to: new Date(at(12)).toISOString() };
const MISSING = '00000000-0000-4000-8000-000000000000';

let t: TestApp;
let ds: DataSource;
let flowId: string;
let otherFlowId: string;
let channelId: string;
let otherChannelId: string;

type Step = [type: string, nodeId: string, handle?: string | null, error?: string];

function steps(runId: string, startedAt: number, list: Step[]): QueryDeepPartialEntity<RunStepEntity>[] {
  return list.map(([type, nodeId, handle = null, error], seq) => ({
    runId, seq, type, nodeId, nodeType: null, handle, reason: error ? `failed: ${error}` : null, input: null, output: null, durationMs: null,
    error: error ?? null, at: startedAt + seq, data: {},
  }) as QueryDeepPartialEntity<RunStepEntity>);
}

// simple-json columns hold any JSON; TypeORM's insert type recurses into them and must be told so.
function run(id: string, flow: string, status: string, startedAt: number): QueryDeepPartialEntity<RunEntity> {
  return {
    id, flowId: flow, flowName: 'Echo', flowVersion: 1, status, contactId: `c-${id}`, contactPhone: '+14155550199', channelId: null, trigger: {}, state: {},
    currentNodeId: null, error: status === 'failed' ? 'lookup failed' : null, waitDeadline: null, nextSeq: 0, startedAt, updatedAt: startedAt, endedAt: null,
  };
}

function message(id: string, channel: string, direction: 'in' | 'out', status: string, createdAt: number, contactId: string): MessageEntity {
  return {
    id, direction, channelId: channel, contactId, runId: null, nodeId: null, from: '+14155550100', to: '+14155550199', text: 'x', status,
    encoding: null, segments: null, provider: null, providerMessageId: null, createdAt, updatedAt: createdAt,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  ds = t.app.get(DataSource);
  flowId = await publishFlow(t, 'Echo analytics', echoFlow('ECHOA'));
  otherFlowId = await publishFlow(t, 'Other analytics', echoFlow('OTHERA'));
  channelId = (await simulatorChannel(t)).id;
  otherChannelId = (await simulatorChannel(t, { name: 'Sim 2', address: '+14155550101' })).id;

  const visitAndLeave = (node: string, handle = 'next'): Step[] => [['step_entered', node], ['step_left', node, handle]];
  await ds.getRepository(RunEntity).insert([
    run('r1', flowId, 'completed', at(10, 5)), run('r2', flowId, 'completed', at(10, 40)), run('r3', flowId, 'waiting', at(11, 10)),
    run('r4', flowId, 'failed', at(11, 20)), run('r5', flowId, 'completed', at(10) - 2 * 86_400_000), run('r6', otherFlowId, 'completed', at(10, 30)),
  ]);
  await ds.getRepository(RunStepEntity).insert([
    // replied: start → hello → ask (suspends, then resumes by reply) → echo → done
    ...steps('r1', at(10, 5), [['run_started', ''], ...visitAndLeave('start'), ...visitAndLeave('hello'), ['step_entered', 'ask'], ['step_left', 'ask', null],
      ['step_left', 'ask', 'reply'], ...visitAndLeave('echo'), ['step_entered', 'done']]),
    // timed out: ... ask → late → done
    ...steps('r2', at(10, 40), [...visitAndLeave('start'), ...visitAndLeave('hello'), ['step_entered', 'ask'], ['step_left', 'ask', null],
      ['step_left', 'ask', 'timeout'], ...visitAndLeave('late'), ['step_entered', 'done']]),
    // still waiting at ask
    ...steps('r3', at(11, 10), [...visitAndLeave('start'), ...visitAndLeave('hello'), ['step_entered', 'ask'], ['step_left', 'ask', null]]),
    // failed in hello
    ...steps('r4', at(11, 20), [...visitAndLeave('start'), ['step_entered', 'hello'], ['step_left', 'hello', null, 'HTTP 503 from crm']]),
    // out of the range, and another flow: never counted
    ...steps('r5', at(10) - 2 * 86_400_000, [...visitAndLeave('start'), ...visitAndLeave('hello')]),
    ...steps('r6', at(10, 30), [...visitAndLeave('start'), ...visitAndLeave('hello')]),
  ]);

  // The turn pipeline keeps run_node_days as it writes the log; rows written straight into the log
  // here get theirs as the migration's backfill builds them.
  await ds.query(`INSERT INTO run_node_days (flow_id, day, node_id, handle, count) ${nodeDayRollupSelect()}`);

  await ds.getRepository(MessageEntity).insert([
    message('mo1', channelId, 'in', 'handled', at(10, 1), 'c1'), message('mo2', channelId, 'in', 'handled', at(10, 30), 'c2'),
    message('mo3', channelId, 'in', 'handled', at(11, 5), 'c1'), message('mo4', channelId, 'in', 'unhandled', at(11, 50), 'c3'),
    message('mo5', channelId, 'in', 'handled', at(12), 'c4'), message('mo6', otherChannelId, 'in', 'handled', at(10, 1), 'c5'),
    message('mt1', channelId, 'out', 'delivered', at(10, 2), 'c1'), message('mt2', channelId, 'out', 'delivered', at(10, 31), 'c2'),
    message('mt3', channelId, 'out', 'failed', at(10, 32), 'c2'), message('mt4', channelId, 'out', 'failed', at(11, 6), 'c1'),
    message('mt5', channelId, 'out', 'undelivered', at(11, 7), 'c3'), message('mt6', channelId, 'out', 'suppressed', at(11, 8), 'c2'),
    message('mt7', channelId, 'out', 'sent', at(11, 9), 'c3'), message('mt8', otherChannelId, 'out', 'failed', at(10, 9), 'c5'),
  ]);
  const state = (messageId: string, detail: string): OutboxStateEntity => ({
    messageId, nextAttemptAt: 0, attempts: 1, leaseOwner: null, leaseUntil: null, detail, providerIds: null, inReplyTo: null,
  });
  await ds.getRepository(OutboxStateEntity).insert([
    state('mt3', 'part 2/2: undelivered (error 30003)'), state('mt4', "twilio: HTTP 400 The 'To' number +14155550199 is not a valid phone number"),
    state('mt5', 'undelivered (error 30005)'),
  ]);
  await ds.getRepository(DeliveryPartEntity).insert([
    { messageId: 'mt3', part: 1, total: 2, providerMessageId: 'p1', status: 'delivered', providerStatus: 'delivered', errorCode: null, updatedAt: at(10, 33) },
    { messageId: 'mt3', part: 2, total: 2, providerMessageId: 'p2', status: 'failed', providerStatus: 'undelivered', errorCode: '30003', updatedAt: at(10, 33) },
  ]);
  const consent = (id: string, channel: string, action: 'opt_out' | 'opt_in', when: number): ConsentEventEntity => ({
    id, contactId: 'c2', phone: '+14155550102', channelId: channel, action, source: 'keyword', keyword: 'STOP', messageId: null, actorId: null, at: when,
  });
  await ds.getRepository(ConsentEventEntity).insert([
    consent('k1', channelId, 'opt_out', at(10, 31)), consent('k2', channelId, 'opt_in', at(10, 50)),
    consent('k3', otherChannelId, 'opt_out', at(10, 40)), consent('k4', channelId, 'opt_out', at(10) - 86_400_000),
  ]);
});
afterAll(async () => { await t?.close(); });

describe(`analytics (${process.env.DATABASE_URL?.startsWith('postgres') ? 'postgres' : 'sqlite'})`, () => {
  it('counts visits, exits by output and drop-off per step, and runs per hour by status, for runs started in the range', async () => {
    const res = await (await t.loginAs('ops')).get(`/api/v1/flows/${flowId}/analytics`).query(RANGE);
    expect(res.status).toBe(200);
    const body = res.body as FlowAnalyticsDto;
    expect(body).toMatchObject({ flowId, ...RANGE, runs: 4, bucket: 'hour' });
    expect(body.nodes).toEqual({
      start: { visits: 4, exits: { next: 4 }, dropOff: 0 },
      hello: { visits: 4, exits: { next: 3, error: 1 }, dropOff: 0 },
      ask: { visits: 3, exits: { reply: 1, timeout: 1 }, dropOff: 1 },
      echo: { visits: 1, exits: { next: 1 }, dropOff: 0 },
      late: { visits: 1, exits: { next: 1 }, dropOff: 0 },
      done: { visits: 2, exits: {}, dropOff: 2 },
    });
    expect(body.overTime).toEqual([
      { start: new Date(at(10)).toISOString(), counts: { running: 0, waiting: 0, completed: 2, failed: 0, expired: 0, cancelled: 0 } },
      { start: new Date(at(11)).toISOString(), counts: { running: 0, waiting: 1, completed: 0, failed: 1, expired: 0, cancelled: 0 } },
    ]);
  });

  it('buckets by day over longer ranges and counts the steps of every run, whole days from the daily counts and part days from the log', async () => {
    const editor = await t.loginAs('editor');
    const res = await editor.get(`/api/v1/flows/${flowId}/analytics`).query({ from: new Date(D - 3 * 86_400_000).toISOString(), to: new Date(D + 86_400_000).toISOString() });
    expect(res.status).toBe(200);
    const body = res.body as FlowAnalyticsDto;
    expect(body).toMatchObject({ runs: 5, bucket: 'day' });
    expect(body.nodes['start']).toEqual({ visits: 5, exits: { next: 5 }, dropOff: 0 });
    expect(body.nodes['hello']).toEqual({ visits: 5, exits: { next: 4, error: 1 }, dropOff: 0 });
    expect(body.nodes['ask']).toEqual({ visits: 3, exits: { reply: 1, timeout: 1 }, dropOff: 1 });
    expect(body.overTime.map((b) => b.counts.completed)).toEqual([0, 1, 0, 2]);
    // Part of a day, two whole days (r5), part of the day of r1 and r2 (r3 and r4 start after 11:00).
    const mixed = (await editor.get(`/api/v1/flows/${flowId}/analytics`).query({ from: new Date(D - 3 * 86_400_000 + 12 * 3_600_000).toISOString(), to: new Date(at(11)).toISOString() })).body as FlowAnalyticsDto;
    expect(mixed.runs).toBe(3);
    expect(mixed.nodes['start']).toEqual({ visits: 3, exits: { next: 3 }, dropOff: 0 });
    expect(mixed.nodes['hello']).toEqual({ visits: 3, exits: { next: 3 }, dropOff: 0 });
    expect(mixed.nodes['done']).toEqual({ visits: 2, exits: {}, dropOff: 2 });
  });

  it('the daily counts the turn pipeline writes are the run log’s counts', async () => {
    const live = await publishFlow(t, 'Echo live', echoFlow('ECHOL'));
    for (const phone of ['+14155557001', '+14155557002', '+14155557003']) expect((await sendMo(t, channelId, phone, 'ECHOL')).status).toBe(200);
    expect((await sendMo(t, channelId, '+14155557001', 'blue')).status).toBe(200);
    const written = () => ds.query(`SELECT node_id, handle, count FROM run_node_days WHERE flow_id = ${ds.options.type === 'postgres' ? '$1' : '?'} ORDER BY 1, 2`, [live]);
    const rebuilt = () => ds.query(`SELECT * FROM (${nodeDayRollupSelect()}) x`);
    await eventually(async () => (await written()).some((r: { node_id: string; handle: string }) => r.node_id === 'echo' && r.handle === 'next'), 'the echo exit counted');
    const fromLog = (await rebuilt() as Array<Record<string, unknown>>).map((r) => Object.values(r).map(String))
      .filter(([flow]) => flow === live).map(([, , node = '', handle = '', n]) => ({ node_id: node, handle, count: Number(n) }))
      .sort((a, b) => a.node_id.localeCompare(b.node_id) || a.handle.localeCompare(b.handle));
    expect((await written() as Array<{ node_id: string; handle: string; count: string | number }>).map((r) => ({ ...r, count: Number(r.count) }))).toEqual(fromLog);
    expect(fromLog.find((r) => r.node_id === 'start' && r.handle === '')?.count).toBe(3);
  });

  it('measures a funnel between two steps, in run-log order, each run once', async () => {
    const ops = await t.loginAs('ops');
    const funnel = async (fromNode: string, toNode: string) => (await ops.get(`/api/v1/flows/${flowId}/funnel`).query({ ...RANGE, fromNode, toNode })).body as FunnelDto;
    expect(await funnel('hello', 'echo')).toMatchObject({ fromNode: 'hello', toNode: 'echo', entered: 4, reached: 1, rate: 0.25 });
    expect(await funnel('ask', 'done')).toMatchObject({ entered: 3, reached: 2 });
    expect(await funnel('echo', 'start')).toMatchObject({ entered: 1, reached: 0, rate: 0 });
    expect(await funnel('nowhere', 'done')).toMatchObject({ entered: 0, reached: 0, rate: null });
  });

  it('counts MO and MT per hour, MT outcomes and delivery rate, failures by error code and the opt-out rate of a channel', async () => {
    const res = await (await t.loginAs('ops')).get(`/api/v1/channels/${channelId}/analytics`).query(RANGE);
    expect(res.status).toBe(200);
    const body = res.body as ChannelAnalyticsDto;
    expect(body.perHour).toEqual([
      { start: new Date(at(10)).toISOString(), mo: 2, mt: 3 },
      { start: new Date(at(11)).toISOString(), mo: 2, mt: 4 },
    ]);
    expect(body.mt).toEqual({
      total: 7, byStatus: { delivered: 2, failed: 2, undelivered: 1, suppressed: 1, sent: 1 }, delivered: 2, failed: 3, deliveryRate: 0.4,
    });
    expect(body.failuresByCode).toEqual([{ code: '30003', count: 1 }, { code: '30005', count: 1 }, { code: 'HTTP 400', count: 1 }]);
    expect(body).toMatchObject({ optOuts: 1, contactsWriting: 3 });
    expect(body.optOutRate).toBeCloseTo(1 / 3, 6);
  });

  it('refuses the unauthenticated, roles and keys without the right, bad ranges and unknown flows or channels, with what is wrong', async () => {
    const ops = await t.loginAs('ops');
    const editor = await t.loginAs('editor');
    expect((await t.http.get(`/api/v1/flows/${flowId}/analytics`)).status).toBe(401);
    expect((await t.http.get(`/api/v1/channels/${channelId}/analytics`)).status).toBe(401);
    expect((await editor.get(`/api/v1/channels/${channelId}/analytics`).query(RANGE)).status).toBe(403);
    const reader = await t.apiKey(['runs:read']);
    const executor = await t.apiKey(['flows:execute']);
    expect((await t.http.get(`/api/v1/flows/${flowId}/analytics`).query(RANGE).set('Authorization', `Bearer ${reader}`)).status).toBe(200);
    expect((await t.http.get(`/api/v1/flows/${flowId}/funnel`).query({ ...RANGE, fromNode: 'a', toNode: 'b' }).set('Authorization', `Bearer ${executor}`)).status).toBe(403);
    expect((await t.http.get(`/api/v1/channels/${channelId}/analytics`).set('Authorization', `Bearer ${reader}`)).status).toBe(403);

    const problemPaths = (res: { status: number; body: { problems?: { path: string }[] } }) => ({ status: res.status, paths: [...new Set((res.body.problems ?? []).map((p) => p.path))] });
    expect(problemPaths(await ops.get(`/api/v1/flows/${flowId}/analytics`).query({ from: 'yesterday' }))).toEqual({ status: 400, paths: ['from'] });
    expect(problemPaths(await ops.get(`/api/v1/flows/${flowId}/analytics`).query({ from: RANGE.to, to: RANGE.from }))).toEqual({ status: 400, paths: ['to'] });
    expect(problemPaths(await ops.get(`/api/v1/flows/${flowId}/analytics`).query({ from: '2025-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' }))).toEqual({ status: 400, paths: ['from'] });
    expect(problemPaths(await ops.get(`/api/v1/channels/${channelId}/analytics`).query({ from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' }))).toEqual({ status: 400, paths: ['from'] });
    expect(problemPaths(await ops.get(`/api/v1/flows/${flowId}/funnel`).query({ fromNode: 'hello' }))).toEqual({ status: 400, paths: ['toNode'] });
    expect(problemPaths(await ops.get(`/api/v1/flows/${flowId}/funnel`).query({ fromNode: 'hello', toNode: 'hello' }))).toEqual({ status: 400, paths: ['toNode'] });
    expect((await ops.get(`/api/v1/flows/${MISSING}/analytics`)).body).toMatchObject({ code: 'FLOW_NOT_FOUND' });
    expect((await ops.get('/api/v1/flows/not-a-flow/funnel').query({ fromNode: 'a', toNode: 'b' })).status).toBe(404);
    expect((await ops.get(`/api/v1/channels/${MISSING}/analytics`)).body).toMatchObject({ code: 'CHANNEL_NOT_FOUND' });
  });
});
