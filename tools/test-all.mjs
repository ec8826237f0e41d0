#!/usr/bin/env node
// The whole suite: lint, typecheck and tests of every project through Nx (cached), then one line
// "N passed, N failed" summing every test suite's JSON report plus the lint/typecheck targets.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const projectDirs = ['libs', 'apps', '.'].flatMap((group) =>
  group === '.' ? ['e2e'] : existsSync(join(root, group)) ? readdirSync(join(root, group)).map((d) => join(group, d)) : [],
).filter((dir) => existsSync(join(root, dir, 'package.json')));

for (const dir of projectDirs) rmSync(join(root, dir, 'reports'), { recursive: true, force: true });

const targets = process.env.MOFLOW_TEST_TARGETS ?? 'lint,typecheck,test';
const nx = spawnSync('npx', ['nx', 'run-many', '-t', ...targets.split(','), '--outputStyle=stream', '--parallel=2', '--nxBail=false'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
});

let passed = 0;
let failed = 0;
const rows = [];
for (const dir of projectDirs) {
  const report = join(root, dir, 'reports', 'vitest.json');
  if (!existsSync(report)) continue;
  const r = JSON.parse(readFileSync(report, 'utf8'));
  // A suite that failed to load counts as a failure even when no test inside it ran.
  const brokenSuites = (r.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
  passed += r.numPassedTests;
  failed += r.numFailedTests + brokenSuites;
  rows.push(`${dir}: ${r.numPassedTests} passed, ${r.numFailedTests + brokenSuites} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
}
const checksFailed = nx.status !== 0 && failed === 0 ? 1 : 0;
console.log('\n' + rows.join('\n'));
if (checksFailed) console.log('lint, typecheck or a test run failed outside the counted tests (see the output above)');
console.log(`${passed} passed, ${failed + checksFailed} failed`);
process.exit(nx.status === 0 && failed === 0 ? 0 : 1);
