import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import type { DispatchHandler, DispatchJob, DispatchResult, JobQueue } from './dispatch-job';

const LOCK_MS = 30_000;
const RETRY_MS = 50;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

interface Entry { id: string; job: DispatchJob }
type Outcome = { id: string; result?: DispatchResult; error?: string };

/**
 * The scale-out transport. Order lives in Redis, not in BullMQ: each contact has a list
 * (`<prefix>:list:<key>`) that jobs are RPUSHed onto, and a BullMQ "drain" job is only a wake-up.
 * A worker drains a list while holding the contact's lock (SET NX PX, refreshed per job, released
 * by compare-and-delete), peeking the head and popping it only after the handler finished, so a
 * crash re-handles rather than loses. A drain that finds the lock taken re-queues itself delayed:
 * the lock holder may have seen the list empty just before our push. Results travel back over
 * pub/sub so `dispatch()` can answer the REST caller.
 */
export class BullmqJobQueue implements JobQueue {
  readonly transport = 'bullmq' as const;
  private readonly redis: Redis;
  private readonly sub: Redis;
  private readonly queue: Queue;
  private worker: Worker | null = null;
  private readonly waiters = new Map<string, { resolve: (r: DispatchResult) => void; reject: (e: Error) => void }>();
  private idleWaiters: (() => void)[] = [];
  private subscribed: Promise<unknown>;

  constructor(private readonly url: string, private readonly prefix = 'moflow-dispatch', private readonly concurrency = 8) {
    this.redis = new IORedis(url, { maxRetriesPerRequest: null });
    this.sub = new IORedis(url, { maxRetriesPerRequest: null });
    this.queue = new Queue(prefix, { connection: { url }, defaultJobOptions: { removeOnComplete: true, removeOnFail: 1000 } });
    this.subscribed = this.sub.subscribe(`${prefix}:results`);
    this.sub.on('message', (_channel, raw: string) => this.settle(JSON.parse(raw) as Outcome));
  }

  async start(handler: DispatchHandler): Promise<void> {
    this.worker = new Worker(this.prefix, async (job) => this.drainKey((job.data as { key: string }).key, handler), {
      connection: { url: this.url },
      concurrency: this.concurrency,
    });
    await this.worker.waitUntilReady();
  }

  async dispatch(job: DispatchJob): Promise<DispatchResult> {
    const id = randomUUID();
    const result = new Promise<DispatchResult>((resolve, reject) => this.waiters.set(id, { resolve, reject }));
    await this.push({ id, job });
    return result;
  }

  async enqueue(job: DispatchJob): Promise<void> {
    await this.push({ id: randomUUID(), job });
  }

  drain(): Promise<void> {
    return this.waiters.size === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async depth(): Promise<number> {
    return Math.max(0, Number(await this.redis.get(this.depthKey)) || 0);
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    await this.sub.quit();
    await this.redis.quit();
  }

  private async push(entry: Entry): Promise<void> {
    await this.subscribed;
    await this.redis.multi().rpush(this.listKey(entry.job.key), JSON.stringify(entry)).incr(this.depthKey).exec();
    await this.queue.add('drain', { key: entry.job.key });
  }

  private async drainKey(key: string, handler: DispatchHandler): Promise<void> {
    const lock = `${this.prefix}:lock:${key}`;
    const token = randomUUID();
    if ((await this.redis.set(lock, token, 'PX', LOCK_MS, 'NX')) !== 'OK') {
      await this.queue.add('drain', { key }, { delay: RETRY_MS });
      return;
    }
    const list = this.listKey(key);
    try {
      for (;;) {
        const raw = await this.redis.lindex(list, 0);
        if (raw === null) break;
        const entry = JSON.parse(raw) as Entry;
        let outcome: Outcome;
        try {
          outcome = { id: entry.id, result: await handler(entry.job) };
        } catch (err) {
          outcome = { id: entry.id, error: err instanceof Error ? err.message : String(err) };
        }
        await this.redis.multi().lpop(list).decr(this.depthKey).exec();
        await this.redis.publish(`${this.prefix}:results`, JSON.stringify(outcome));
        await this.redis.eval(EXTEND, 1, lock, token, String(LOCK_MS));
      }
    } finally {
      await this.redis.eval(RELEASE, 1, lock, token);
    }
    // A push that raced our last empty peek re-queued itself; this catches the rest without a delay.
    if ((await this.redis.llen(list)) > 0) await this.queue.add('drain', { key });
  }

  private settle(outcome: Outcome): void {
    const waiter = this.waiters.get(outcome.id);
    if (!waiter) return;
    this.waiters.delete(outcome.id);
    if (outcome.error !== undefined) waiter.reject(new Error(outcome.error));
    else if (outcome.result) waiter.resolve(outcome.result);
    if (this.waiters.size === 0) this.idleWaiters.splice(0).forEach((w) => w());
  }

  /** Jobs pushed and not yet handled, over every replica. */
  private get depthKey(): string {
    return `${this.prefix}:depth`;
  }

  private listKey(key: string): string {
    return `${this.prefix}:list:${key}`;
  }
}
