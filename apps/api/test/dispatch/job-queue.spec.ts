import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { BullmqJobQueue } from '../../src/dispatch/bullmq-job.queue';
import type { DispatchJob, JobQueue } from '../../src/dispatch/dispatch-job';
import { InProcessJobQueue } from '../../src/dispatch/in-process-job.queue';

const transports: [string, () => JobQueue][] = [['in-process', () => new InProcessJobQueue()]];
const redisUrl = process.env.REDIS_URL;
if (redisUrl) transports.push(['bullmq', () => new BullmqJobQueue(redisUrl, `moflow-test-${randomUUID()}`, 4)]);

const timeoutJob = (key: string, n: number): DispatchJob => ({ kind: 'timeout', key, runId: `${key}-${n}` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(transports)('%s job queue', (_name, make) => {
  let queue: JobQueue | null = null;
  afterEach(async () => {
    await queue?.close();
    queue = null;
  });

  it('handles 2 contacts x 20 messages in order per contact, never two of one contact at once', async () => {
    const q = (queue = make());
    const seen = new Map<string, string[]>();
    const busy = new Set<string>();
    let overlapped = false;
    let parallelAcrossContacts = false;
    await q.start(async (job) => {
      if (busy.has(job.key)) overlapped = true;
      busy.add(job.key);
      if (busy.size > 1) parallelAcrossContacts = true;
      // Random work time: without per-contact serialisation later jobs would overtake earlier ones.
      await sleep(Math.random() * 8);
      seen.set(job.key, [...(seen.get(job.key) ?? []), job.kind === 'timeout' ? job.runId : '?']);
      busy.delete(job.key);
      return { runId: job.kind === 'timeout' ? job.runId : null, status: 'ok' };
    });
    const results: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) for (const key of ['+15550000001', '+15550000002']) results.push(q.dispatch(timeoutJob(key, i)));
    await Promise.all(results);
    for (const key of ['+15550000001', '+15550000002']) {
      expect(seen.get(key)).toEqual(Array.from({ length: 20 }, (_, i) => `${key}-${i}`));
    }
    expect(overlapped).toBe(false);
    expect(parallelAcrossContacts).toBe(true);
  });

  it('returns the handler result to dispatch() and a failure as a rejection, without blocking the contact', async () => {
    const q = (queue = make());
    await q.start(async (job) => {
      if (job.kind === 'timeout' && job.runId === 'boom') throw new Error('handler exploded');
      return { runId: job.kind === 'timeout' ? job.runId : null, status: 'done' };
    });
    await expect(q.dispatch({ kind: 'timeout', key: 'k', runId: 'boom' })).rejects.toThrow('handler exploded');
    await expect(q.dispatch({ kind: 'timeout', key: 'k', runId: 'r2' })).resolves.toEqual({ runId: 'r2', status: 'done' });
  });

  it('holds jobs enqueued before start() and drains them after', async () => {
    const q = (queue = make());
    const order: string[] = [];
    await q.enqueue(timeoutJob('k', 1));
    await q.enqueue(timeoutJob('k', 2));
    await q.start(async (job) => {
      order.push(job.kind === 'timeout' ? job.runId : '?');
      return { runId: null, status: 'ok' };
    });
    for (let i = 0; i < 100 && order.length < 2; i++) await sleep(20);
    expect(order).toEqual(['k-1', 'k-2']);
  });
});
