#!/usr/bin/env node
// The whole suite. First pass: lint, typecheck and every project's tests through Nx (cached) on the
// embedded defaults (SQLite, in-process queue) — what a fresh laptop runs. Second pass, only when
// DATABASE_URL and/or REDIS_URL are set: the suites that talk to those services run again against
// them (PostgreSQL, BullMQ on Redis). Ends with one line "N passed, N failed" summing every suite
// of both passes plus any lint/typecheck/run failure outside the counted tests. With MOFLOW_TEST_CHAOS=1
// (set by .ci/run) a last pass runs the crash and scale tests (`npm run test:chaos`, real processes
// killed and restarted, a few minutes) with the same services, counted in the same line.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const SERVICE_PROJECTS = ['@moflow/api', '@moflow/data-access'];
const projectDirs = ['libs', 'apps'].flatMap((group) => (existsSync(join(root, group)) ? readdirSync(join(root, group)).map((d) => join(group, d)) : []))
  .concat(['e2e'])
  .filter((dir) => existsSync(join(root, dir, 'package.json')));
const nameOf = (dir) => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).name;

const { DATABASE_URL, REDIS_URL, ...embeddedEnv } = process.env;
const services = [DATABASE_URL && 'PostgreSQL', REDIS_URL && 'Redis'].filter(Boolean);

let passed = 0;
let failed = 0;
let runFailures = 0;
const rows = [];

function nx(args, env) {
  const r = spawnSync('npx', ['nx', 'run-many', ...args, '--outputStyle=stream', '--parallel=2', '--nxBail=false'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...env, NX_DAEMON: 'false', NX_TUI: 'false' },
  });
  return r.status ?? 1;
}

function collect(dirs, label, file = 'vitest.json') {
  let counted = 0;
  for (const dir of dirs) {
    const report = join(root, dir, 'reports', file);
    if (!existsSync(report)) continue;
    const r = JSON.parse(readFileSync(report, 'utf8'));
    // A suite that failed to load counts as a failure even when no test inside it ran.
    const broken = (r.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
    passed += r.numPassedTests;
    failed += r.numFailedTests + broken;
    counted += r.numFailedTests + broken;
    rows.push(`${dir}${label}: ${r.numPassedTests} passed, ${r.numFailedTests + broken} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
  }
  return counted;
}

const clearReports = (dirs) => dirs.forEach((dir) => rmSync(join(root, dir, 'reports'), { recursive: true, force: true }));

clearReports(projectDirs);
const first = nx(['-t', 'lint', 'typecheck', 'test'], embeddedEnv);
if (collect(projectDirs, '') === 0 && first !== 0) runFailures++;

if (services.length > 0) {
  const serviceDirs = projectDirs.filter((dir) => SERVICE_PROJECTS.includes(nameOf(dir)));
  clearReports(serviceDirs);
  console.log(`\nAgain with ${services.join(' and ')}: ${SERVICE_PROJECTS.join(', ')}\n`);
  const second = nx(['-t', 'test', '-p', ...SERVICE_PROJECTS], process.env);
  const label = ` (${services.join(' + ')})`;
  if (collect(serviceDirs, label) === 0 && second !== 0) runFailures++;
}

if (process.env.MOFLOW_TEST_CHAOS === '1') {
  rmSync(join(root, 'e2e', 'reports', 'chaos.json'), { force: true });
  console.log(`\nCrash and scale tests${services.length ? ` (with ${services.join(' and ')})` : ''}\n`);
  const chaos = spawnSync('npm', ['run', 'test:chaos'], { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' } });
  if (collect(['e2e'], ' (crash and scale)', 'chaos.json') === 0 && (chaos.status ?? 1) !== 0) runFailures++;
}

console.log('\n' + rows.join('\n'));
if (runFailures) console.log('lint, typecheck or a test run failed outside the counted tests (see the output above)');
console.log(`${passed} passed, ${failed + runFailures} failed`);
process.exit(failed + runFailures === 0 ? 0 : 1);
