/**
 * Chromium CPU profiles for the editor bench (BENCH_PROFILE=<dir>): what the page's main thread
 * spent its time on while a flow opened or a node was dragged, summed per function (self time).
 * A build without minification (`npx vite build --minify false` in apps/editor, then
 * E2E_SKIP_BUILD=1) gives readable names.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[]; startTime: number; endTime: number }

export async function startProfile(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return cdp;
}

/** Stops, writes `<name>.cpuprofile` (open it in DevTools' Performance panel) and sums self time per function. */
export async function stopProfile(cdp: CDPSession, dir: string, name: string, top = 18): Promise<string[]> {
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  await cdp.detach();
  writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0));
  const perFn = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    if (f.functionName === '(idle)' || f.functionName === '(program)') continue;
    busy += us;
    const file = f.url.split('/').pop() ?? '';
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    perFn.set(key, (perFn.get(key) ?? 0) + us);
  }
  const rows = [...perFn].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => `    ${(us / 1000).toFixed(1).padStart(7)} ms  ${k}`);
  return [`  ${name}: ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms profiled, ${(busy / 1000).toFixed(0)} ms busy in JS/GC; top self time:`, ...rows];
}
