/**
 * Builds what the crash tests start as processes: the API and, once it exists, apps/worker
 * (Nx cache hits when nothing changed, so the tests never run against stale code).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../bench/mo/processes';

export default function setup(): void {
  if (process.env.CHAOS_SKIP_BUILD === '1') return;
  const projects = ['@moflow/api', ...(existsSync(join(repoRoot, 'apps/worker/package.json')) ? ['@moflow/worker'] : [])];
  const r = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', ...projects, '--outputStyle=stream'], {
    cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
  });
  if (r.status !== 0) throw new Error(`building ${projects.join(', ')} failed`);
}
