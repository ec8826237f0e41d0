import { randomUUID } from 'node:crypto';
import type { RunSummaryDto } from '@moflow/api-contract';
import { afterAll, describe, expect, it } from 'vitest';
import { LoginRateLimiter } from '../../src/auth/login-rate-limiter';
import { parseConfig, type AppConfig } from '../../src/config/app-config';
import { RedisRateLimiter } from '../../src/outbox/redis-token-bucket';
import { ConsoleEventsBus, type MessageStreamEvent, type TicketStreamEvent } from '../../src/shared-state/console-events.bus';
import { RunEventsBus } from '../../src/shared-state/run-events.bus';
import { RedisConnections } from '../../src/shared-state/redis-connections';
import { eventually } from '../runs/run-fixtures';

// State several processes share when REDIS_URL is set, on a real Redis. Each "process" here is its
// own set of Redis connections; the database path in the config gives every test run its own key prefix.
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('shared-state.spec: skipped, REDIS_URL is not set (these tests need a real Redis)');

const opened: RedisConnections[] = [];
function processOn(db: string, overrides: Partial<AppConfig> = {}): { config: AppConfig; redis: RedisConnections } {
  const config = { ...parseConfig({ DATABASE_URL: `sqlite:/tmp/${db}.db`, REDIS_URL: redisUrl }), ...overrides };
  const redis = new RedisConnections(config);
  opened.push(redis);
  return { config, redis };
}
afterAll(async () => {
  await Promise.all(opened.map((r) => r.onApplicationShutdown()));
});

const run = (id: string, status: RunSummaryDto['status']): RunSummaryDto => ({
  id, flowId: 'f1', flowName: 'Pizza', flowVersion: 1, status, contactId: 'c1', contactPhone: '+15550001111', channelId: null, trigger: {},
  startedAt: new Date(0).toISOString(), updatedAt: new Date(0).toISOString(), endedAt: null, error: null, currentNodeId: null,
});

describe.skipIf(!redisUrl)('shared state in Redis', () => {
  it('two senders share one channel token bucket: together they never exceed burst + rate × time', async () => {
    const db = `bucket-${randomUUID()}`;
    const [a, b] = [processOn(db).redis, processOn(db).redis];
    const limiters = [a, b].map((r) => new RedisRateLimiter(() => r.command, (ch) => r.key(`rate:${ch}`)));
    const started = Date.now();
    let granted = 0;
    const rounds: number[] = [];
    // 4/s with a burst of 3: both ask for 5 tokens at a time, concurrently, for about 600 ms.
    while (Date.now() - started < 600) {
      const grants = await Promise.all(limiters.map((l) => l.take('ch-1', 4, 3, 5)));
      rounds.push(grants.reduce((n, g) => n + g.granted, 0));
      granted += rounds[rounds.length - 1]!;
      for (const g of grants) if (g.granted < 5) expect(g.waitMs).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 50));
    }
    const elapsed = (Date.now() - started) / 1000;
    // One burst for both (in memory, each process would have had its own: 2 × 3 at once).
    expect(rounds[0]).toBe(3);
    expect(granted).toBeLessThanOrEqual(3 + Math.ceil(4 * elapsed));
    // Another channel has its own bucket.
    expect((await limiters[0]!.take('ch-2', 4, 3, 5)).granted).toBe(3);
  });

  it('a changed rate starts a fresh bucket, as in memory', async () => {
    const { redis } = processOn(`bucket-${randomUUID()}`);
    const limiter = new RedisRateLimiter(() => redis.command, (ch) => redis.key(`rate:${ch}`));
    expect((await limiter.take('ch', 1, 2, 10)).granted).toBe(2);
    expect((await limiter.take('ch', 1, 2, 10)).granted).toBe(0);
    expect((await limiter.take('ch', 10, 5, 10)).granted).toBe(5);
  });

  it('the run stream of one process shows the runs another process wrote; counters see only their own', async () => {
    const db = `runs-${randomUUID()}`;
    const worker = new RunEventsBus(processOn(db).redis);
    const api = new RunEventsBus(processOn(db).redis);
    const elsewhere = new RunEventsBus(processOn(`runs-${randomUUID()}`).redis);
    await Promise.all([worker, api, elsewhere].map((bus) => bus.onModuleInit()));
    const streamed: string[] = [];
    const counted: string[] = [];
    const foreign: string[] = [];
    api.runs.subscribe((r) => streamed.push(`${r.id}:${r.status}`));
    api.localRuns.subscribe((r) => counted.push(r.id));
    elsewhere.runs.subscribe((r) => foreign.push(r.id));
    const workerSeen: string[] = [];
    worker.runs.subscribe((r) => workerSeen.push(`${r.id}:${r.status}`));

    worker.publish(run('r1', 'waiting'));
    worker.publish(run('r1', 'completed'));
    api.publish(run('r2', 'completed'));
    await eventually(async () => streamed.length === 3, 'the worker runs on the API replica', 5_000);
    expect(streamed.sort()).toEqual(['r1:completed', 'r1:waiting', 'r2:completed']);
    expect(counted).toEqual(['r2']);
    await eventually(async () => workerSeen.length === 3, 'the API run on the worker', 5_000);
    // A process never gets its own runs twice (once directly, once through Redis).
    await new Promise((r) => setTimeout(r, 100));
    expect(workerSeen).toHaveLength(3);
    // Another deployment (another database) on the same Redis sees nothing.
    expect(foreign).toEqual([]);
  });

  it('the live messages log and ticket inbox of an API replica show what a worker committed', async () => {
    const db = `console-${randomUUID()}`;
    const worker = new ConsoleEventsBus(processOn(db).redis);
    const api = new ConsoleEventsBus(processOn(db).redis);
    await Promise.all([worker, api].map((bus) => bus.onModuleInit()));
    const messages: MessageStreamEvent[] = [];
    const tickets: TicketStreamEvent[] = [];
    api.messages.subscribe((e) => messages.push(e));
    api.tickets.subscribe((e) => tickets.push(e));
    worker.newMessages([{
      id: 'm1', direction: 'in', channelId: 'ch', contactId: 'c1', runId: null, nodeId: '$rule:unhandled', from: '+15550001111', to: '+15550002222',
      text: 'hello', status: 'unhandled', encoding: 'GSM-7', segments: 1, provider: null, providerMessageId: null, createdAt: 0, updatedAt: 0,
    }]);
    worker.statusChanges([{ message: { id: 'm2', channelId: 'ch', runId: null }, status: 'delivered', providerMessageId: 'p2' }], 0);
    worker.threadEntry({ ticketId: 't1', updatedAt: new Date(0).toISOString(), entry: {
      id: 'e1', direction: 'in', text: 'hello', messageId: 'm1', authorId: null, at: new Date(0).toISOString(), messageStatus: null,
    } });
    await eventually(async () => messages.length === 2 && tickets.length === 1, 'the worker events on the API replica', 5_000);
    expect(messages.map((e) => [e.type, e.data.id, e.type === 'message' ? e.data.rule : e.data.status])).toEqual([['message', 'm1', 'unhandled'], ['message_status', 'm2', 'delivered']]);
    expect(tickets[0]).toMatchObject({ type: 'ticket_entry', data: { ticketId: 't1', entry: { id: 'e1' } } });
  });

  it('the login limiter counts attempts of every replica together, atomically', async () => {
    const db = `login-${randomUUID()}`;
    const replicas = [processOn(db, { loginMaxAttemptsPerMinute: 3 }), processOn(db, { loginMaxAttemptsPerMinute: 3 })]
      .map(({ config, redis }) => new LoginRateLimiter(config, redis));
    const now = Date.now();
    // A success stops counting; failures (attempts not taken back) do.
    const ok = await replicas[0]!.attempt('10.0.0.1', 'Ada@Example.com', now);
    expect(ok.allowed).toBe(true);
    if (ok.allowed) await ok.succeeded();
    // Ten at once over two replicas: exactly three pass, the rest are told when to retry.
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => replicas[i % 2]!.attempt('10.0.0.1', 'ada@example.com', now + 1000)));
    expect(burst.filter((a) => a.allowed)).toHaveLength(3);
    expect(burst.filter((a) => !a.allowed).map((a) => (a.allowed ? 0 : a.retryAfterSeconds))).toEqual(Array(7).fill(60));
    expect((await replicas[1]!.attempt('10.0.0.2', 'ada@example.com', now + 3000)).allowed).toBe(true);
    expect(await replicas[0]!.attempt('10.0.0.1', 'ada@example.com', now + 3000)).toEqual({ allowed: false, retryAfterSeconds: 58 });
    expect((await replicas[1]!.attempt('10.0.0.1', 'ada@example.com', now + 61_500)).allowed).toBe(true);
  });

});
