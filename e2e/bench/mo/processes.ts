/**
 * Real server processes for the benchmark and the crash tests: the built API and workers started
 * with `node`, each on its own free port, their output kept for error reports, their peak RSS read
 * from /proc (VmHWM) before they stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root (where nx.json is), found upwards: this file also runs bundled from e2e/dist. */
function findRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'nx.json'))) return dir;
  throw new Error(`no nx.json above ${from}`);
}

export const repoRoot = findRoot(dirname(fileURLToPath(import.meta.url)));
export const apiMain = join(repoRoot, 'apps/api/dist/main.js');
export const workerMain = join(repoRoot, 'apps/worker/dist/main.js');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no free port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ServerProcessOptions {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Folder for `--cpu-prof` output; no profiling when undefined. */
  cpuProfDir?: string;
  /** Arguments after the script. */
  args?: string[];
}

export class ServerProcess {
  readonly child: ChildProcess;
  private output = '';
  private lastHwmKb = 0;

  constructor(readonly opts: ServerProcessOptions) {
    const args = opts.cpuProfDir
      // one folder per process: Node names each thread's profile CPU.<date>.<time>.<pid>.<thread>.<seq>
      // (thread 0 is the main thread); a fixed --cpu-prof-name would let worker threads overwrite it
      ? ['--cpu-prof', `--cpu-prof-dir=${join(opts.cpuProfDir, `${opts.name}-${Date.now()}`)}`, '--require', profileExitHook(opts.cpuProfDir)]
      : [];
    this.child = spawn(process.execPath, [...args, opts.script, ...(opts.args ?? [])], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d: Buffer) => { this.output = (this.output + d.toString()).slice(-20_000); };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  log(): string {
    return this.output;
  }

  /** CPU time (user + system) the process has used so far, in ms (from /proc/<pid>/stat; 0 once it exited). */
  cpuMs(): number {
    try {
      const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in clock ticks of 10 ms
    } catch {
      return 0;
    }
  }

  /** Peak resident set size in MB (VmHWM), remembered so it can still be read after exit. */
  peakRssMb(): number {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      if (m?.[1]) this.lastHwmKb = Math.max(this.lastHwmKb, Number(m[1]));
    } catch { /* exited: keep the last reading */ }
    return this.lastHwmKb / 1024;
  }

  /** Polls an HTTP URL until it answers 2xx; fails with the process output if it exits first. */
  async waitHttp(url: string, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.opts.name} exited (${this.child.exitCode ?? this.child.signalCode}):\n${this.output}`);
      try {
        if ((await fetch(url)).ok) return;
      } catch { /* not listening yet */ }
      await sleep(200);
    }
    throw new Error(`${this.opts.name} not ready after ${timeoutMs} ms:\n${this.output}`);
  }

  /** Waits until the output contains `text` (a worker has no HTTP port to poll). */
  async waitOutput(pattern: RegExp, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (pattern.test(this.output)) return;
      if (!this.running) throw new Error(`${this.opts.name} exited (${this.child.exitCode ?? this.child.signalCode}):\n${this.output}`);
      await sleep(200);
    }
    throw new Error(`${this.opts.name}: no line matching ${pattern} after ${timeoutMs} ms:\n${this.output}`);
  }

  /**
   * SIGTERM (graceful) or SIGKILL (a crash); resolves when it is gone. A profiled process gets
   * SIGUSR2 instead of SIGTERM: its hook exits normally, which is when Node writes the profile (a
   * process ended by a signal, as NestJS's shutdown hooks re-raise it, writes none).
   */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM', timeoutMs = 15_000): Promise<void> {
    this.peakRssMb();
    if (!this.running) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill(signal === 'SIGTERM' && this.opts.cpuProfDir ? 'SIGUSR2' : signal);
    const timedOut = await Promise.race([exited.then(() => false), sleep(timeoutMs).then(() => true)]);
    if (timedOut) {
      this.child.kill('SIGKILL');
      await exited;
    }
  }
}

/** A preload script that turns SIGUSR2 into a normal exit, written once into the profile folder. */
function profileExitHook(dir: string): string {
  const file = join(dir, 'exit-on-sigusr2.cjs');
  if (!existsSync(file)) writeFileSync(file, "process.on('SIGUSR2', () => process.exit(0));\n");
  return file;
}
