/**
 * One Moflow deployment per benchmark mode, started as real processes on fresh storage:
 *   sqlite       one API process, SQLite file, embedded pipeline (what `npm start` runs)
 *   pg-embedded  one API process on PostgreSQL + Redis, embedded pipeline
 *   pg-1w/pg-2w  one API with MOFLOW_PIPELINE=off (ingest + HTTP only) and 1 or 2 workers
 * A mode that cannot run here says why (`unavailable`), it is never silently skipped.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiMain, freePort, repoRoot, ServerProcess, workerMain } from './processes';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './seed';

export const MODES = ['sqlite', 'pg-embedded', 'pg-1w', 'pg-2w'] as const;
export type Mode = (typeof MODES)[number];

export const MODE_LABELS: Record<Mode, string> = {
  sqlite: 'SQLite, one process',
  'pg-embedded': 'PostgreSQL + Redis, one process (embedded pipeline)',
  'pg-1w': 'PostgreSQL + Redis, 1 API + 1 worker',
  'pg-2w': 'PostgreSQL + Redis, 1 API + 2 workers',
};

export const workerCount = (mode: Mode): number => (mode === 'pg-1w' ? 1 : mode === 'pg-2w' ? 2 : 0);

/** Does this checkout's API read MOFLOW_PIPELINE (the switch that leaves the pipeline to workers)? */
export function apiKnowsPipelineSwitch(): boolean {
  const config = join(repoRoot, 'apps/api/src/config/app-config.ts');
  return existsSync(config) && readFileSync(config, 'utf8').includes('MOFLOW_PIPELINE');
}

/** Why a mode cannot run here, or null when it can. */
export function unavailable(mode: Mode, env: NodeJS.ProcessEnv = process.env): string | null {
  if (!existsSync(apiMain)) return 'apps/api/dist/main.js is not built';
  if (mode === 'sqlite') return null;
  const missing = [!env.DATABASE_URL?.startsWith('postgres') && 'DATABASE_URL=postgres://…', !env.REDIS_URL && 'REDIS_URL'].filter(Boolean);
  if (missing.length) return `${missing.join(' and ')} not set`;
  if (mode === 'pg-embedded') return null;
  if (!existsSync(join(repoRoot, 'apps/worker'))) return 'apps/worker does not exist yet: the scaled pipeline has not landed';
  if (!existsSync(workerMain)) return 'apps/worker/dist/main.js is not built';
  if (!apiKnowsPipelineSwitch()) return 'the API does not read MOFLOW_PIPELINE yet, so it would run the pipeline itself';
  return null;
}

export interface StackOptions {
  mode: Mode;
  /** Folder for --cpu-prof output of every process. */
  cpuProfDir?: string;
  /** SQLite file to reuse (crash tests restart on the same file). */
  sqlitePath?: string;
  /** Overrides (the crash tests point REDIS_URL at their own redis-server). */
  env?: NodeJS.ProcessEnv;
  logLevel?: string;
}

export class Stack {
  api: ServerProcess;
  readonly workers: ServerProcess[] = [];
  readonly baseUrl: string;

  private constructor(readonly mode: Mode, readonly env: NodeJS.ProcessEnv, readonly dir: string, port: number, private readonly opts: StackOptions) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.api = this.spawn('api', apiMain);
  }

  static async start(opts: StackOptions): Promise<Stack> {
    const dir = mkdtempSync(join(tmpdir(), `moflow-bench-${opts.mode}-`));
    const port = await freePort();
    const base = { ...process.env, ...opts.env };
    const pg = opts.mode !== 'sqlite';
    const env: NodeJS.ProcessEnv = {
      ...base,
      PORT: String(port), HOST: '127.0.0.1', MOFLOW_DATA_DIR: dir,
      DATABASE_URL: pg ? base.DATABASE_URL : `sqlite:${opts.sqlitePath ?? join(dir, 'moflow.db')}`,
      MOFLOW_ADMIN_EMAIL: ADMIN_EMAIL, MOFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD, MOFLOW_SEED_DEMO: 'false',
      MOFLOW_SECRET_KEY: '0'.repeat(64), LOG_LEVEL: opts.logLevel ?? 'warn',
    };
    if (pg) env.DATABASE_SCHEMA = base.DATABASE_SCHEMA ?? `bench_${randomBytes(5).toString('hex')}`;
    else {
      delete env.DATABASE_SCHEMA;
      delete env.REDIS_URL;
    }
    if (workerCount(opts.mode) > 0) env.MOFLOW_PIPELINE = 'off';
    const stack = new Stack(opts.mode, env, dir, port, opts);
    try {
      await stack.api.waitHttp(`${stack.baseUrl}/health/ready`);
      for (let i = 0; i < workerCount(opts.mode); i++) await stack.addWorker();
    } catch (err) {
      await stack.stop();
      throw err;
    }
    return stack;
  }

  /** Starts one more worker with the API's environment (what `npm run worker` does). */
  async addWorker(): Promise<ServerProcess> {
    const worker = this.spawn(`worker${this.workers.length + 1}`, workerMain, { MOFLOW_PIPELINE: undefined, PORT: undefined });
    this.workers.push(worker);
    // A worker has no port to poll: it is up when it says so or has stayed alive for 5 s; the
    // caller's warm-up MO proves the whole path end to end.
    await worker.waitOutput(/ready|started|listening/i, 5_000).catch((err: Error) => {
      if (!worker.running) throw err;
    });
    return worker;
  }

  /** Restarts the API on the same storage (after a crash test killed it). */
  async restartApi(): Promise<ServerProcess> {
    await this.api.stop('SIGKILL');
    const api = this.spawn('api', apiMain);
    this.api = api;
    await api.waitHttp(`${this.baseUrl}/health/ready`);
    return api;
  }

  processes(): ServerProcess[] {
    return [this.api, ...this.workers];
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes().map((p) => p.stop('SIGTERM')));
    if (this.env.DATABASE_SCHEMA && this.env.DATABASE_URL?.startsWith('postgres')) await dropSchema(this.env.DATABASE_URL, this.env.DATABASE_SCHEMA);
    // A reused SQLite file lives in the caller's folder; this one only holds the data dir.
    rmSync(this.dir, { recursive: true, force: true });
  }

  private spawn(name: string, script: string, overrides: NodeJS.ProcessEnv = {}): ServerProcess {
    const env = { ...this.env, ...overrides };
    for (const [k, v] of Object.entries(overrides)) if (v === undefined) delete env[k];
    return new ServerProcess({ name, script, env, cwd: this.dir, cpuProfDir: this.opts.cpuProfDir });
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
