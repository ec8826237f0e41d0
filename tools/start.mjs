#!/usr/bin/env node
// `npm start`: build the API (and, through Nx's ^build, every lib it imports) plus the editor when it
// exists, then run the API, which also serves the built editor. Works on a fresh clone after `npm ci`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// `npm run worker` (--worker): one worker (turn pipeline, timers, sender; no HTTP) with the same environment.
const worker = process.argv.includes('--worker');
const projects = worker ? ['@moflow/worker'] : ['@moflow/api'];
if (!worker && existsSync(join(root, 'apps/editor/package.json'))) projects.push('@moflow/editor');

if (process.env.MOFLOW_SKIP_BUILD !== 'true') {
  console.log(`Building ${projects.join(' and ')} (cached after the first time)...`);
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', ...projects, '--outputStyle=static'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
  });
  if (build.status !== 0) {
    console.error('Build failed: see above. (MOFLOW_SKIP_BUILD=true starts the last build as is.)');
    process.exit(build.status ?? 1);
  }
}

const entry = worker ? 'apps/worker/dist/main.js' : 'apps/api/dist/main.js';
const server = spawn(process.execPath, [join(root, entry)], { cwd: root, stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
