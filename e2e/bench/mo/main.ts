/**
 * `npm run bench:mo`: the message path at campaign scale, black-box. Starts each mode's processes
 * on fresh storage, seeds them through the public API, measures the floor and every figure of
 * issue 9, prints the table and writes it into docs/performance.md.
 *
 *   npm run bench:mo -- --mode sqlite --duration 5 --contacts 10000 [--cpu-prof]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FakeProvider } from './fake-provider';
import { startFloor } from './floor';
import { closedLoop, keepAliveAgent, postMo } from './http-load';
import { latencyAtRate, restTrigger, saturationOneTurn, saturationThreeTurns, warmUp, type PhaseContext } from './phases';
import { repoRoot } from './processes';
import { conditions, markdownBlock, table, writePerformanceDoc, type ModeReport } from './report';
import { AdminClient, CHANNEL_ADDRESS, keywordReplyFlow, MO_SECRET, MT_SECRET, phone, restFlow, threeTurnFlow } from './seed';
import { MODES, Stack, unavailable, type Mode } from './stack';

const { values: opts } = parseArgs({
  options: {
    mode: { type: 'string', default: MODES.join(',') },
    duration: { type: 'string', default: '10' },
    contacts: { type: 'string', default: '10000' },
    connections: { type: 'string', default: '64' },
    conversations: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '1000' },
    'rest-connections': { type: 'string', default: '32' },
    'drain-idle': { type: 'string', default: '30' },
    phases: { type: 'string', default: 'a,b,rate,rest' },
    'cpu-prof': { type: 'boolean', default: false },
    'cpu-prof-dir': { type: 'string' },
    'skip-build': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    loaded: { type: 'string', default: 'Figures taken on a machine shared with other work: indicative only.' },
    help: { type: 'boolean', default: false },
  },
  allowNegative: false,
  strict: true,
});

if (opts.help) {
  console.log(`npm run bench:mo -- [--mode ${MODES.join(',')}] [--duration s] [--contacts n] [--connections n]
  [--conversations n] [--rate MO/s] [--rest-connections n] [--drain-idle s] [--phases a,b,rate,rest] [--cpu-prof] [--cpu-prof-dir dir] [--skip-build] [--no-write]
  [--loaded "note on the machine's load, printed next to the figures"]`);
  process.exit(0);
}

function int(name: string, v: string | undefined, min: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name}: must be an integer ≥ ${min} (got "${v}")`);
    process.exit(2);
  }
  return n;
}

const modes = (opts.mode ?? '').split(',').map((m) => m.trim()).filter(Boolean);
for (const m of modes) if (!(MODES as readonly string[]).includes(m)) {
  console.error(`--mode: "${m}" is not one of ${MODES.join(', ')}`);
  process.exit(2);
}
const durationMs = int('duration', opts.duration, 1) * 1000;
const contacts = int('contacts', opts.contacts, 10);
const connections = int('connections', opts.connections, 1);
const conversations = int('conversations', opts.conversations, 1);
const rate = int('rate', opts.rate, 1);
const restConnections = int('rest-connections', opts['rest-connections'], 1);
const drainIdleMs = int('drain-idle', opts['drain-idle'], 1) * 1000;
const PHASES = ['a', 'b', 'rate', 'rest'] as const;
const phases = new Set((opts.phases ?? '').split(',').map((x) => x.trim()).filter(Boolean));
for (const ph of phases) if (!(PHASES as readonly string[]).includes(ph)) {
  console.error(`--phases: "${ph}" is not one of ${PHASES.join(', ')}`);
  process.exit(2);
}
const cpuProfDir = opts['cpu-prof'] || opts['cpu-prof-dir']
  ? resolve(opts['cpu-prof-dir'] ?? join(repoRoot, 'e2e/reports/cpu-prof', new Date().toISOString().replace(/[:.]/g, '-')))
  : undefined;

function build(): void {
  const projects = ['@moflow/api', ...(existsSync(join(repoRoot, 'apps/worker/package.json')) ? ['@moflow/worker'] : [])];
  console.log(`Building ${projects.join(' and ')} (Nx cache when unchanged)…`);
  const r = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', ...projects, '--outputStyle=static'], {
    cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
  });
  if (r.status !== 0) throw new Error(`building ${projects.join(', ')} failed`);
}

/** The floor, in the same run and through the same load generator as the modes. */
async function measureFloor(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'moflow-floor-'));
  const floor = await startFloor(MO_SECRET, dir);
  const agent = keepAliveAgent(connections);
  try {
    const stats = await closedLoop(connections, Math.min(durationMs, 5000), (n) =>
      postMo(agent, floor.url, MO_SECRET, { id: `f-${n}`, from: phone(6, n % contacts), to: CHANNEL_ADDRESS, text: `PIZZA f${n}` }));
    if (stats.failed > 0) throw new Error(`the floor server refused ${stats.failed} requests: ${stats.errors[0]}`);
    return stats.ok / ((stats.endedAt - stats.startedAt) / 1000);
  } finally {
    agent.destroy();
    await floor.process.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runMode(mode: Mode): Promise<ModeReport> {
  const why = unavailable(mode);
  if (why) return { mode, problem: `not available (${why})` };
  console.log(`\n== ${mode}: starting processes`);
  const provider = new FakeProvider(MT_SECRET);
  await provider.start();
  const report: ModeReport = { mode };
  let stack: Stack | undefined;
  const agent = keepAliveAgent(Math.max(connections, 256));
  try {
    stack = await Stack.start({ mode, cpuProfDir });
    const admin = await AdminClient.login(stack.baseUrl);
    const channelId = await admin.genericChannel(provider.url);
    await admin.publish('Bench (a) keyword → reply', keywordReplyFlow('PIZZA'));
    await admin.publish('Bench (b) three turns', threeTurnFlow('QUIZ'));
    const restFlowId = await admin.publish('Bench REST', restFlow());
    const apiKey = await admin.apiKey();
    const ctx: PhaseContext = { webhookUrl: `${stack.baseUrl}/api/v1/inbound/${channelId}`, provider, agent, contacts, durationMs, connections, drainIdleMs };
    await warmUp(ctx);
    if (phases.has('a')) {
      console.log(`   flow (a) at saturation, ${connections} connections, ${durationMs / 1000} s`);
      const cpuBefore = stack.processes().reduce((sum, p) => sum + p.cpuMs(), 0);
      report.oneTurn = await saturationOneTurn(ctx);
      const cpuUsed = stack.processes().reduce((sum, p) => sum + p.cpuMs(), 0) - cpuBefore;
      if (report.oneTurn.handled > 0) report.cpuPerMoUs = (cpuUsed * 1000) / report.oneTurn.handled;
    }
    if (phases.has('b')) {
      console.log(`   flow (b) at saturation, ${conversations} conversations`);
      report.threeTurns = await saturationThreeTurns(ctx, conversations);
    }
    if (phases.has('rate')) {
      console.log(`   flow (a) at ${rate} MO/s offered`);
      report.latency = await latencyAtRate(ctx, rate);
    }
    if (phases.has('rest')) {
      console.log(`   REST trigger, ${restConnections} connections`);
      report.rest = await restTrigger({ ...ctx, connections: restConnections }, stack.baseUrl, restFlowId, channelId, apiKey, restConnections);
    }
  } catch (err) {
    report.problem = `failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
    console.error(`   ${mode} failed:`, err instanceof Error ? err.message : err);
  } finally {
    agent.destroy();
    if (stack) {
      report.peakRssMb = Object.fromEntries(stack.processes().map((p) => [p.opts.name, p.peakRssMb()]));
      await stack.stop();
      // The servers' last output, for reading why something was refused or never answered.
      const logDir = join(repoRoot, 'e2e/reports/bench-mo');
      mkdirSync(logDir, { recursive: true });
      for (const p of stack.processes()) writeFileSync(join(logDir, `${mode}-${p.opts.name}.log`), p.log());
      console.log(`   server output: ${logDir}/${mode}-*.log`);
    }
    await provider.stop();
  }
  return report;
}

async function main(): Promise<void> {
  if (!opts['skip-build']) build();
  if (cpuProfDir) {
    mkdirSync(cpuProfDir, { recursive: true });
    console.log(`CPU profiles of every server process go to ${cpuProfDir}`);
  }
  const args = process.argv.slice(2);
  const loadedAt = args.findIndex((a) => a.startsWith('--loaded'));
  if (loadedAt >= 0) args.splice(loadedAt, args[loadedAt]?.includes('=') ? 1 : 2);
  const optionLine = args.join(' ') || '(defaults)';
  console.log('Measuring the floor (bare node:http + HMAC)…');
  const floor = await measureFloor();
  const conds = conditions(optionLine, floor);
  console.log(`Floor: ${Math.round(floor)} req/s; load average before: ${conds.loadBefore}`);
  const reports: ModeReport[] = [];
  for (const mode of modes as Mode[]) reports.push(await runMode(mode));
  console.log(`\n${table(reports, floor)}\n`);
  for (const r of reports) {
    const byPhase = { 'flow (a)': r.oneTurn?.errors, 'flow (b)': r.threeTurns?.errors, 'fixed rate': r.latency?.errors, REST: r.rest?.errors };
    for (const [phase, errors] of Object.entries(byPhase)) {
      if (errors?.length) console.log(`${r.mode}, ${phase}: first refusals or missing replies:\n  ${errors.slice(0, 3).join('\n  ')}`);
    }
  }
  if (phases.size < PHASES.length) console.log('Some phases were left out (--phases): docs/performance.md is not rewritten.');
  else if (!opts['no-write']) {
    const doc = join(repoRoot, 'docs/performance.md');
    writePerformanceDoc(doc, markdownBlock(conds, reports, opts.loaded ?? ''));
    console.log(`Written to ${doc}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
