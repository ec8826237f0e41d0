import { execFileSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** The busiest processes, so a reader can tell a quiet machine from a loaded one. */
export function busiest(): string {
  try {
    const out = execFileSync('ps', ['-eo', 'pcpu=,comm=', '--sort=-pcpu'], { encoding: 'utf8' });
    return out.trim().split('\n').slice(0, 6).map((l) => l.trim().replace(/\s+/, '% ')).join(', ');
  } catch { return 'ps unavailable'; }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Waits for /health/ready of a server this process started (fails early when it exits). */
export async function waitReady(url: string, child: ChildProcess, log: () => string, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server not ready after ${ms / 1000} s:\n${log()}`);
}

export function medianAndMax(xs: readonly number[]): { median: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)] ?? NaN, max: s[s.length - 1] ?? NaN };
}
