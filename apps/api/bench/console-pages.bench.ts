import 'reflect-metadata';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { allEntities, allMigrations, FlowEntity, FlowVersionEntity } from '@moflow/data-access';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { afterAll, it } from 'vitest';
import { busiest, freePort, medianAndMax, waitReady } from './bench-process';
import { seededFlowId, seededRunId, seedRuns } from './seed-runs';

/**
 * Console speed at scale, measured in headless Chromium and printed (target: each < 300 ms). Seeds a
 * SQLite file with seed-runs.ts (BENCH_CONSOLE_RUNS runs, default 1 M, × 10 steps; the 20 flows with
 * their versions, the 100 k contacts), starts the real built server (apps/api/dist + apps/editor/dist)
 * on it, signs in and times each page from the start of its load to the first frame in which its
 * content is laid out: the runs page's first page, a page filtered by flow + status, one filtered by
 * a contact's number, and a run page (timeline and the path on the canvas). Not a pass/fail test: it
 * reports what this machine measures and how busy the machine was meanwhile.
 *
 *   BENCH_ONLY=console-pages npm run bench -w apps/api
 *   (BENCH_CONSOLE_RUNS=200000 for a smaller log; BENCH_CONSOLE_DB=/tmp/console-1m.db keeps the seeded file for the next run,
 *   with BENCH_CONSOLE_SEED_ONLY=1 it only seeds it)
 */
const RUNS = Number(process.env.BENCH_CONSOLE_RUNS ?? 1_000_000);
const LOADS = Number(process.env.BENCH_CONSOLE_LOADS ?? 7);
const TARGET_MS = 300;
const EMAIL = 'bench-admin@moflow.test';
const PASSWORD = 'bench-password-123';
const repoRoot = resolve(__dirname, '../../..');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** trigger n0 → replies n1…n11, plus `rare`: the step ids seed-runs.ts writes into the run log. */
function definition(flow: number): Record<string, unknown> {
  const nodes: Array<Record<string, unknown>> = [{ id: 'n0', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: [`FLOW${flow}`] } }];
  for (let i = 1; i < 12; i++) nodes.push({ id: `n${i}`, type: 'reply', position: { x: (i % 4) * 280, y: Math.floor(i / 4) * 180 + 140 }, config: { text: `Step ${i} of flow ${flow}` } });
  nodes.push({ id: 'rare', type: 'reply', position: { x: 1200, y: 140 }, config: { text: 'Rarely reached' } });
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i]!['id'], sourceHandle: 'next', target: n['id'] }));
  return { specVersion: 1, nodes, edges };
}

async function seedFile(file: string): Promise<void> {
  const ds = new DataSource({ type: 'better-sqlite3', database: file, entities: allEntities, migrations: allMigrations } as DataSourceOptions);
  await ds.initialize();
  try {
    await ds.query('PRAGMA journal_mode = WAL');
    await ds.runMigrations();
    await seedRuns(ds, { runs: RUNS, stepsPerRun: 10 });
    for (let f = 0; f < 20; f++) {
      const id = seededFlowId(f);
      const def = definition(f);
      await ds.getRepository(FlowEntity).insert({
        id, name: `Flow ${f}`, description: null, status: 'published', definition: def as never, definitionHash: '', revision: 1, publishedVersion: 3,
        publishedHash: '', tests: [], requireTestsToPublish: false, createdById: null, updatedById: null, createdAt: 0, updatedAt: 0,
      });
      await ds.getRepository(FlowVersionEntity).insert([1, 2, 3].map((v) => ({
        id: seededFlowId(100 + f * 3 + v), flowId: id, version: v, definition: def as never, definitionHash: '', note: null, publishedById: null, publishedAt: 0,
      })));
    }
    // The contacts the seeded runs point at (c0000000… with +1415000…, numbered as in seed-runs.ts).
    await ds.query(`WITH RECURSIVE g(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM g WHERE i < 99999)
      INSERT INTO contacts (id, phone, name, fields, subscriptions, timezone, created_at, updated_at)
      SELECT printf('c%07d', i), printf('+1415%07d', i), NULL, '{}', '[]', NULL, 0, 0 FROM g`);
    await ds.query('ANALYZE');
  } finally {
    await ds.destroy();
  }
}

/**
 * Loads `path` as a new document (the app, its API calls and the rendering; only the browser's HTTP
 * cache is kept) and resolves with the milliseconds from the navigation's start to the first
 * animation frame in which `drawn` holds.
 */
interface Load { drawn: number; script: number; api: number; waterfall: string }

/**
 * Runs in the page (a string: this project compiles without the DOM library). Polls every animation
 * frame until `test` holds; resolves with the time since the navigation started, when the app's
 * scripts had loaded, the last API answer before that, and the requests made until then.
 */
const PAGE_TIMER = `(test) => new Promise((ok, fail) => {
  const done = new Function('return (' + test + ')');
  const phases = (drawnAt) => {
    const entries = performance.getEntriesByType('resource');
    const end = (f) => Math.max(0, ...entries.filter(f).map((e) => e.responseEnd).filter((t) => t <= drawnAt));
    const waterfall = entries.filter((e) => e.startTime <= drawnAt && !e.name.includes('/stream'))
      .map((e) => new URL(e.name).pathname.replace('/api/v1', '') + ' ' + e.startTime.toFixed(0) + '–' + e.responseEnd.toFixed(0)).join(', ');
    return { drawn: drawnAt, script: end((e) => e.initiatorType === 'script'), api: end((e) => e.name.includes('/api/v1/') && !e.name.includes('/stream')), waterfall };
  };
  const frame = () => {
    if (done()) ok(phases(performance.now()));
    else if (performance.now() > 30000) fail(new Error('not drawn within 30 s: ' + test));
    else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})`;

/**
 * Loads `path` as a new document (the app, its API calls and the rendering; only the browser's HTTP
 * cache is kept) and measures from the navigation's start to the first animation frame in which
 * `drawn` holds.
 */
async function timeTo(page: Page, path: string, drawn: string): Promise<Load> {
  await page.goto('about:blank');
  await page.goto(path, { waitUntil: 'commit' });
  const shown = () => page.evaluate<string>(`document.body.innerText.replace(/\\s+/g, ' ').slice(0, 600)`).catch(() => '');
  return page.evaluate<Load>(`(${PAGE_TIMER})(${JSON.stringify(drawn)})`)
    .catch(async (err: Error) => { throw new Error(`${path}: ${err.message}; the page shows: ${await shown()}`); });
}

const ROWS = `document.querySelectorAll('[data-testid^="run-row-"]').length > 0`;
const RUN_DRAWN = `document.querySelectorAll('[data-testid^="step-"]').length > 0 && document.querySelectorAll('.react-flow__node').length > 0`;

const dir = mkdtempSync(join(tmpdir(), 'moflow-console-bench-'));
let server: ChildProcess | undefined;
let browser: Browser | undefined;
const report: string[] = [];
const before = { load: loadavg(), busy: busiest() };

afterAll(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  await new Promise((r) => { if (!server || server.exitCode !== null) r(null); else { server.once('exit', r); setTimeout(r, 5000).unref(); } });
  rmSync(dir, { recursive: true, force: true });
  const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
  console.log(`\n[console pages] headless Chromium, ${cpus().length} CPUs; load average ${load(before.load)} before, ${load(loadavg())} after`
    + `\n  busiest processes at the start: ${before.busy}\n  at the end: ${busiest()}\n${report.map((r) => `  ${r}`).join('\n')}\n`);
});

it(`console pages over ${RUNS.toLocaleString('en')} runs in Chromium`, async () => {
  if (!existsSync(chromiumPath)) {
    console.warn(`console-pages bench skipped: Chromium not found at ${chromiumPath} (set CHROMIUM_PATH)`);
    return;
  }
  // The server under test is the production build: always through Nx (a cache hit when nothing changed).
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', '@moflow/api', '@moflow/editor', '--outputStyle=stream'], {
    cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
  });
  if (build.status !== 0) throw new Error('building @moflow/api and @moflow/editor failed');

  // BENCH_CONSOLE_DB: a file to keep (seeded on the first run, reused by the next ones).
  const kept = process.env.BENCH_CONSOLE_DB;
  const file = kept ?? join(dir, 'moflow.db');
  if (kept && existsSync(kept)) {
    report.push(`reusing ${kept} (seeded by an earlier run)`);
  } else {
    const t0 = performance.now();
    await seedFile(file);
    report.push(`seeded ${RUNS.toLocaleString('en')} runs / ${(RUNS * 10).toLocaleString('en')} steps in ${((performance.now() - t0) / 1000).toFixed(0)} s (load ${loadavg()[0]!.toFixed(1)})`);
  }
  // Seed now, measure in a later run (e.g. to hold a shared browser lock only while measuring).
  if (kept && process.env.BENCH_CONSOLE_SEED_ONLY === '1') return;

  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  let output = '';
  const env: NodeJS.ProcessEnv = {
    ...process.env, PORT: String(port), DATABASE_URL: `sqlite:${file}`, MOFLOW_DATA_DIR: dir, MOFLOW_ADMIN_EMAIL: EMAIL, MOFLOW_ADMIN_PASSWORD: PASSWORD,
    MOFLOW_SEED_DEMO: 'false', LOG_LEVEL: 'warn',
  };
  delete env['REDIS_URL'];
  delete env['DATABASE_SCHEMA'];
  server = spawn(process.execPath, [join(repoRoot, 'apps/api/dist/main.js')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-20_000); });
  server.stderr?.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-20_000); });
  await waitReady(baseURL, server, () => output);

  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-sync'] });
  const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();

  report.push(`from the start of a page load to the content drawn, ${LOADS} loads each (the first with cold caches), target < ${TARGET_MS} ms:`);
  const measure = async (label: string, path: (i: number) => string, drawn: string) => {
    const loads: Load[] = [];
    for (let i = 0; i < LOADS; i++) loads.push(await timeTo(page, path(i), drawn));
    const warm = loads.slice(1);
    const { median, max } = medianAndMax(warm.map((l) => l.drawn));
    const ms = (x: number) => `${x.toFixed(0).padStart(5)} ms`;
    report.push(`  ${label.padEnd(42)} first ${ms(loads[0]!.drawn)}   median ${ms(median)}   max ${ms(max)}${median < TARGET_MS ? '' : '   (over target)'}`
      + `\n  ${''.padEnd(42)} (medians: scripts loaded at ${ms(medianAndMax(warm.map((l) => l.script)).median)}, last API answer at ${ms(medianAndMax(warm.map((l) => l.api)).median)})`
      + (process.env.BENCH_CONSOLE_WATERFALL ? `\n  ${''.padEnd(42)} last load: ${loads[loads.length - 1]!.waterfall}` : ''));
  };
  // Flows with waiting runs in the seeded log (status and flow both follow the run number).
  const waitingFlows = [0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  const flow = (i: number) => seededFlowId(waitingFlows[(i * 7) % waitingFlows.length]!);
  // seed-runs.ts gives run i the contact (i * 7) % 100 000: the numbers of seeded runs' contacts.
  const runNumber = (i: number) => 1 + (((i + 1) * 104_729) % RUNS);
  const phone = (i: number) => `+1415${String((runNumber(i + 100) * 7) % 100_000).padStart(7, '0')}`;
  const runId = (i: number) => seededRunId(runNumber(i));

  await measure('runs page, first page (newest 50)', () => '/#/runs', ROWS);
  await measure('runs page, flow + status (waiting)', (i) => `/#/runs?flowId=${flow(i)}&status=waiting`, ROWS);
  await measure('runs page, by contact number', (i) => `/#/runs?contact=${encodeURIComponent(phone(i))}`, ROWS);
  await measure('run page (timeline + path on the canvas)', (i) => `/#/runs/${runId(i)}`, RUN_DRAWN);
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
});
