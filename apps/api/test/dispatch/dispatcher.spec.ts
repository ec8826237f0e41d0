import { randomUUID } from 'node:crypto';
import type { RunDetailDto } from '@moflow/api-contract';
import { MessageEntity, RunEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobQueue } from '../../src/dispatch/dispatch-job';
import { JOB_QUEUE } from '../../src/dispatch/dispatch.tokens';
import { eventually, echoFlow, publishFlow } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let queue: JobQueue;
let ds: DataSource;

beforeAll(async () => {
  t = await createTestApp();
  queue = t.app.get<JobQueue>(JOB_QUEUE);
  ds = t.app.get(DataSource);
  await publishFlow(t, 'Echo', echoFlow('JOIN'));
  await publishFlow(t, 'Quick', echoFlow('QUICK', { timeoutSeconds: 1 }));
});
afterAll(() => t?.close());

const mo = (from: string, text: string) => queue.dispatch({
  kind: 'inbound', key: from,
  message: { id: randomUUID(), text, from, to: '12345', channelId: 'demo', receivedAt: new Date().toISOString() },
});
const detail = async (runId: string) => (await (await t.loginAs('ops')).get(`/api/v1/runs/${runId}`)).body as RunDetailDto;

describe(`dispatcher (${process.env.REDIS_URL ? 'bullmq' : 'in-process'} transport)`, () => {
  it('starts a flow by keyword, resumes the waiting run with the next message, leaves other texts unhandled', async () => {
    const started = await mo('+14155550201', 'join please');
    expect(started.status).toBe('waiting');
    const resumed = await mo('+14155550201', 'blue');
    expect(resumed).toEqual({ runId: started.runId, status: 'completed' });
    const run = await detail(started.runId!);
    expect(run.trigger).toMatchObject({ kind: 'keyword', keyword: 'JOIN', matchedBy: 'exact' });
    expect(run.messages.filter((m) => m.direction === 'out').map((m) => m.text)).toEqual(['Hello there', 'You said blue']);

    const stray = await mo('+14155550201', 'what is this');
    expect(stray).toEqual({ runId: null, status: 'unhandled' });
    const inbound = await ds.getRepository(MessageEntity).find({ where: { direction: 'in' }, order: { createdAt: 'ASC' } });
    expect(inbound.map((m) => [m.text, m.status, m.runId])).toEqual([
      ['join please', 'handled', started.runId], ['blue', 'handled', started.runId], ['what is this', 'unhandled', null],
    ]);
  });

  it('fires a wait timeout from the poller and takes the timeout branch', async () => {
    const started = await mo('+14155550202', 'QUICK');
    expect(started.status).toBe('waiting');
    const run = await eventually(async () => {
      const r = await ds.getRepository(RunEntity).findOneBy({ id: started.runId! });
      return r?.status === 'completed' ? r : null;
    }, 'the timeout to fire');
    expect(run.currentNodeId).toBe('done');
    const d = await detail(run.id);
    expect(d.steps.find((s) => s.type === 'wait_ended')).toMatchObject({ nodeId: 'ask', reason: 'the wait timed out' });
    expect(d.messages.map((m) => [m.direction, m.text])).toEqual([['in', 'QUICK'], ['out', 'Hello there'], ['out', 'Too late']]);
  });

  it('keeps each contact in order under concurrent load', async () => {
    const contacts = ['+14155550203', '+14155550204', '+14155550205'];
    const results = await Promise.all(contacts.flatMap((c) => [mo(c, 'JOIN'), mo(c, `first ${c}`), mo(c, 'JOIN'), mo(c, `second ${c}`)]));
    for (const [i, c] of contacts.entries()) {
      const [a, b, x, y] = results.slice(i * 4, i * 4 + 4);
      expect([a?.status, b?.status, x?.status, y?.status]).toEqual(['waiting', 'completed', 'waiting', 'completed']);
      expect(b?.runId).toBe(a?.runId);
      expect(y?.runId).toBe(x?.runId);
      expect((await detail(y!.runId!)).messages.filter((m) => m.direction === 'out').map((m) => m.text)).toEqual(['Hello there', `You said second ${c}`]);
    }
  });
});
