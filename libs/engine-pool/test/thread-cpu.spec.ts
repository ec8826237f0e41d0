import { describe, expect, it } from 'vitest';
import { ownThreadId, threadCpuMs } from '../src/thread-cpu';

describe.runIf(process.platform === 'linux')('thread CPU time (the watchdog tells a runaway from a starved worker)', () => {
  it('counts the CPU this thread uses, not the time it waits', async () => {
    const tid = ownThreadId();
    expect(tid).toEqual(expect.any(Number));
    const before = threadCpuMs(tid!)!;
    await new Promise((r) => setTimeout(r, 300));
    const afterWait = threadCpuMs(tid!)!;
    expect(afterWait - before).toBeLessThan(150);
    // spin until the thread has used 100 ms of CPU (however long a loaded machine takes to give it)
    const giveUp = Date.now() + 20_000;
    while (threadCpuMs(tid!)! - afterWait < 100 && Date.now() < giveUp) for (let i = 0; i < 1e5; i++) Math.sqrt(i);
    expect(threadCpuMs(tid!)! - afterWait).toBeGreaterThanOrEqual(100);
  });

  it('answers null for a thread that does not exist', () => {
    expect(threadCpuMs(2 ** 30)).toBeNull();
  });
});
