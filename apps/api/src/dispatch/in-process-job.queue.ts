import type { DispatchHandler, DispatchJob, DispatchResult, JobQueue } from './dispatch-job';

/**
 * The embedded transport: one promise chain per contact key, so a contact's jobs run strictly in
 * order while other contacts proceed concurrently. A failing job does not break its chain.
 */
export class InProcessJobQueue implements JobQueue {
  readonly transport = 'in-process' as const;
  private handler: DispatchHandler | null = null;
  private ready!: () => void;
  private readonly started = new Promise<void>((resolve) => (this.ready = resolve));
  private readonly tails = new Map<string, Promise<unknown>>();
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(private readonly onError: (job: DispatchJob, err: unknown) => void = () => undefined) {}

  async start(handler: DispatchHandler): Promise<void> {
    this.handler = handler;
    this.ready();
  }

  dispatch(job: DispatchJob): Promise<DispatchResult> {
    if (this.closed) return Promise.reject(new Error('the dispatch queue is closed'));
    this.pending++;
    const previous = this.tails.get(job.key) ?? Promise.resolve();
    const run = previous.then(async () => {
      await this.started;
      if (!this.handler) throw new Error('no dispatch handler registered');
      return this.handler(job);
    });
    const tail = run.then(() => undefined, () => undefined).finally(() => {
      if (this.tails.get(job.key) === tail) this.tails.delete(job.key);
      if (--this.pending === 0) this.idleWaiters.splice(0).forEach((w) => w());
    });
    this.tails.set(job.key, tail);
    return run;
  }

  async enqueue(job: DispatchJob): Promise<void> {
    this.dispatch(job).catch((err: unknown) => this.onError(job, err));
  }

  drain(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async depth(): Promise<number> {
    return this.pending;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.drain();
  }
}
