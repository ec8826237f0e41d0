/**
 * Turns the measurements into the printed table and the generated block of docs/performance.md,
 * with the conditions of the run (machine, load before, what else was running).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { LatencyResult, RestResult, SaturationResult } from './phases';
import { MODE_LABELS, type Mode } from './stack';

export interface ModeReport {
  mode: Mode;
  /** Why the mode did not run, or what failed. */
  problem?: string;
  oneTurn?: SaturationResult;
  threeTurns?: SaturationResult;
  latency?: LatencyResult;
  rest?: RestResult;
  peakRssMb?: Record<string, number>;
  /** CPU time of every server process together per MO handled in the flow (a) saturation phase (µs). */
  cpuPerMoUs?: number;
}

export interface RunConditions {
  date: string;
  machine: string;
  loadBefore: string;
  busy: string[];
  options: string;
  floorPerSec: number;
}

export function conditions(options: string, floorPerSec: number): RunConditions {
  const load = loadavg().map((l) => l.toFixed(2)).join(', ');
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
    loadBefore: load,
    busy: busyProcesses(),
    options,
    floorPerSec,
  };
}

/** The processes using the most CPU right now (others' tests, builds), minus this one. */
function busyProcesses(): string[] {
  try {
    const out = execFileSync('ps', ['-eo', 'pid,pcpu,rss,args', '--sort=-pcpu'], { encoding: 'utf8' });
    return out.split('\n').slice(1).filter((l) => l.trim() && !l.includes(`${process.pid} `) && !/\sps -eo /.test(l)).slice(0, 6)
      .map((l) => {
        const [, pid, cpu, rss, args] = /^\s*(\d+)\s+([\d.]+)\s+(\d+)\s+(.*)$/.exec(l) ?? [];
        return `${cpu}% CPU, ${Math.round(Number(rss) / 1024)} MB: ${(args ?? '').slice(0, 90)} (pid ${pid})`;
      });
  } catch {
    return ['(ps not available)'];
  }
}

const n0 = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '–');
const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US')) : '–');

function sat(r: SaturationResult | undefined, floor: number, withRatio: boolean): string {
  if (!r) return '–';
  const lost = r.acked - r.handled;
  const notes = [`${n0(r.ackPerSec)} acks/s`, `drain ${(r.drainMs / 1000).toFixed(1)} s`];
  if (lost > 0) notes.push(`**${n0(lost)} acked MOs unanswered**`);
  if (r.duplicates > 0) notes.push(`**${r.duplicates} replies doubled**`);
  if (r.failed > 0) notes.push(`${n0(r.failed)} refused`);
  const ratio = withRatio && floor > 0 ? ` (${(r.handledPerSec / floor).toFixed(3)} × floor)` : '';
  return `**${n0(r.handledPerSec)}**${ratio}; ${notes.join(', ')}`;
}

function latency(r: LatencyResult | undefined, which: 'ack' | 'mt'): string {
  if (!r) return '–';
  if (which === 'ack') return `${ms(r.ackP50)} / **${ms(r.ackP99)}** (${n0(r.acked)} of ${n0(r.sent)} acked)`;
  const missing = r.acked - r.handled;
  return `${ms(r.mtP50)} / **${ms(r.mtP99)}**${missing > 0 ? ` (**${n0(missing)} unanswered**)` : ''}${r.duplicates ? ` (**${r.duplicates} doubled**)` : ''}`;
}

/** Rows are the measures, columns the modes: the issue's targets sit in the last column. */
export function table(reports: ModeReport[], floor: number): string {
  const header = `| | ${reports.map((r) => MODE_LABELS[r.mode]).join(' | ')} | target |`;
  const sep = `|---|${reports.map(() => '---').join('|')}|---|`;
  const rows: Array<[string, (r: ModeReport) => string, string]> = [
    ['status', (r) => r.problem ?? 'ran', ''],
    ['flow (a) keyword → reply: MOs handled end to end /s at saturation', (r) => sat(r.oneTurn, floor, true), '≥ 0.2 × floor (SQLite); ≥ 2,500 (1 API + 2 workers)'],
    ['flow (b) three turns: MOs handled /s at saturation', (r) => sat(r.threeTurns, floor, false), '≥ 3,000 (SQLite)'],
    [`ack p50 / p99 ms at ${reports.find((r) => r.latency)?.latency?.rate ?? 1000} MO/s offered`, (r) => latency(r.latency, 'ack'), 'p99 ≤ 50 ms'],
    ['webhook → MT at provider p50 / p99 ms', (r) => latency(r.latency, 'mt'), 'p99 ≤ 100 ms'],
    ['server CPU per MO, flow (a) at saturation (all server processes; less sensitive to a busy machine than a rate)', (r) => (r.cpuPerMoUs ? `${n0(r.cpuPerMoUs)} µs` : '–'), ''],
    ['peak RSS per process (VmHWM)', (r) => (r.peakRssMb ? Object.entries(r.peakRssMb).map(([p, mb]) => `${p} ${Math.round(mb)} MB`).join(', ') : '–'), '≤ 300 MB each'],
    ['REST trigger runs/s (p99 ms)', (r) => (r.rest ? `**${n0(r.rest.runsPerSec)}** (p99 ${ms(r.rest.p99)})${r.rest.failed ? `, ${n0(r.rest.failed)} refused` : ''}` : '–'), '≥ 2,000'],
  ];
  return [header, sep, ...rows.map(([label, f, target]) => `| ${label} | ${reports.map(f).join(' | ')} | ${target} |`)].join('\n');
}

export function markdownBlock(c: RunConditions, reports: ModeReport[], loadedNote: string): string {
  return [
    `### Run of ${c.date}`,
    '',
    `Machine: ${c.machine}. Load average before the run: ${c.loadBefore}. ${loadedNote}`,
    `Options: \`${c.options}\`. Floor (bare node:http + HMAC, same run, same load generator): **${n0(c.floorPerSec)} req/s**.`,
    '',
    table(reports, c.floorPerSec),
    '',
    'Busiest processes on the machine when the run started:',
    ...c.busy.map((b) => `- ${b}`),
    ...reports.flatMap((r) => [...(r.oneTurn?.errors ?? []), ...(r.threeTurns?.errors ?? []), ...(r.latency?.errors ?? []), ...(r.rest?.errors ?? [])].slice(0, 3).map((e) => `- ${r.mode}: first problem: \`${e.replace(/`/g, "'")}\``)),
  ].join('\n');
}

const START = '<!-- bench:mo:start (generated by npm run bench:mo; edit around it) -->';
const END = '<!-- bench:mo:end -->';

/** Replaces the generated block of docs/performance.md (the text around it is kept). */
export function writePerformanceDoc(path: string, block: string): void {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Performance\n';
  const s = current.indexOf(START);
  const e = current.indexOf(END);
  const next = s >= 0 && e > s ? `${current.slice(0, s)}${START}\n${block}\n${current.slice(e)}` : `${current.trimEnd()}\n\n${START}\n${block}\n${END}\n`;
  writeFileSync(path, next);
}
