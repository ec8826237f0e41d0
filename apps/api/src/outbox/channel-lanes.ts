/** Thrown to tasks still waiting for a lane when the sender stops: they never started. */
export class LaneClosedError extends Error {
  constructor() {
    super('the sender is stopping');
    this.name = 'LaneClosedError';
  }
}

interface Lane {
  active: number;
  waiting: { start: () => void; cancel: () => void }[];
}

/**
 * Per-channel concurrency: at most `limit` provider calls of one channel at a time (an SMPP bind's
 * window, an HTTP provider's connection budget), channels independent of each other, FIFO within a
 * channel so MTs leave in the order they were claimed.
 */
export class ChannelLanes {
  private readonly lanes = new Map<string, Lane>();
  private closed = false;

  /** Calls in progress plus calls waiting, for one channel. */
  load(channelId: string): number {
    const lane = this.lanes.get(channelId);
    return lane ? lane.active + lane.waiting.length : 0;
  }

  /** Channels whose queue is at least `threshold` long (the claim skips them). */
  saturated(threshold: (channelId: string) => number): string[] {
    return [...this.lanes.entries()].filter(([id, lane]) => lane.active + lane.waiting.length >= threshold(id)).map(([id]) => id);
  }

  async run<T>(channelId: string, limit: number, task: () => Promise<T>): Promise<T> {
    if (this.closed) throw new LaneClosedError();
    let lane = this.lanes.get(channelId);
    if (!lane) {
      lane = { active: 0, waiting: [] };
      this.lanes.set(channelId, lane);
    }
    if (lane.active >= limit) {
      await new Promise<void>((start, cancel) => lane!.waiting.push({ start, cancel: () => cancel(new LaneClosedError()) }));
    }
    lane.active++;
    try {
      return await task();
    } finally {
      lane.active--;
      const next = lane.waiting.shift();
      if (next) next.start();
      else if (lane.active === 0) this.lanes.delete(channelId);
    }
  }

  /** Refuses new work and cancels what has not started; calls in progress finish. */
  close(): void {
    this.closed = true;
    for (const lane of this.lanes.values()) for (const w of lane.waiting.splice(0)) w.cancel();
  }
}
