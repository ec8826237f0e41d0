/**
 * Starts the real server once for the run: builds apps/api and apps/editor (Nx-cached), then spawns `node apps/api/dist/main.js` on a free port with a throw-away SQLite file
 * and a known admin, and waits for /health/ready. Tests read the URL and credentials via inject().
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { hasChromium, repoRoot } from './paths';

declare module 'vitest' {
  export interface ProvidedContext { baseURL: string; adminEmail: string; adminPassword: string }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log()}`);
    try {
      const r = await fetch(`${url}/health/ready`);
      if (r.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server not ready after 60 s:\n${log()}`);
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const adminEmail = 'e2e-admin@moflow.test';
  const adminPassword = 'e2e-password-123';
  project.provide('adminEmail', adminEmail);
  project.provide('adminPassword', adminPassword);
  if (!hasChromium) {
    project.provide('baseURL', '');
    return;
  }
  // Always through Nx: a cache hit when nothing changed, a rebuild when the sources moved on, so
  // the scenarios never run against a stale server or editor.
  if (process.env.E2E_SKIP_BUILD !== '1' || !existsSync(join(repoRoot, 'apps/api/dist/main.js')) || !existsSync(join(repoRoot, 'apps/editor/dist/index.html'))) {
    const r = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', '@moflow/api', '@moflow/editor', '--outputStyle=stream'], {
      cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
    });
    if (r.status !== 0) throw new Error('building @moflow/api and @moflow/editor failed');
  }
  const dir = mkdtempSync(join(tmpdir(), 'moflow-e2e-'));
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  let output = '';
  const env: NodeJS.ProcessEnv = {
    ...process.env, PORT: String(port), DATABASE_URL: `sqlite:${join(dir, 'moflow.db')}`, MOFLOW_DATA_DIR: dir,
    MOFLOW_ADMIN_EMAIL: adminEmail, MOFLOW_ADMIN_PASSWORD: adminPassword, MOFLOW_SEED_DEMO: 'false',
  };
  // The browser scenarios always run on the embedded defaults (SQLite, in-process queue).
  delete env.REDIS_URL;
  delete env.DATABASE_SCHEMA;
  const child = spawn(process.execPath, [join(repoRoot, 'apps/api/dist/main.js')], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-20_000); });
  child.stderr?.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-20_000); });
  await waitReady(baseURL, child, () => output);
  project.provide('baseURL', baseURL);
  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => { if (child.exitCode !== null) r(null); else child.once('exit', r); setTimeout(r, 5000); });
    rmSync(dir, { recursive: true, force: true });
  };
}
