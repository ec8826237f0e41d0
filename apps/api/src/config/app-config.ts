import { z } from 'zod';

/** What went wrong in the environment, one line per setting, e.g. `PORT: must be an integer ... (got "abc")`. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const databaseUrl = z.string().refine((v) => /^sqlite:.+/.test(v) || /^postgres(ql)?:\/\/.+/.test(v), {
  message: 'must be sqlite:<path> or postgres://user@host:port/db',
});

const PROXY_ADDRESS = String.raw`(?:loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(?:/\d{1,3})?)`;
const TRUST_PROXY_FORM = new RegExp(String.raw`^(?:true|false|\d{1,2}|${PROXY_ADDRESS}(?:\s*,\s*${PROXY_ADDRESS})*)$`);

const envSchema = z.object({
  PORT: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be between 1 and 65535').max(65535, 'must be between 1 and 65535').default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: databaseUrl.default('sqlite:./data/moflow.db'),
  /** PostgreSQL schema to use instead of public (tests use one per file). */
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier').optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\/.+/, 'must be redis://host:port').optional(),
  MOFLOW_DATA_DIR: z.string().min(1).default('./data'),
  MOFLOW_ADMIN_EMAIL: z.email('must be an e-mail address').default('admin@moflow.local'),
  MOFLOW_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  MOFLOW_SECRET_KEY: z
    .string()
    .refine((v) => decodeKey(v) !== null, { message: 'must be 32 bytes as 64 hex characters or base64' })
    .optional(),
  MOFLOW_SEED_DEMO: z.enum(['true', 'false'], 'must be true or false').default('true'),
  PUBLIC_URL: z.url('must be an absolute URL').default('http://localhost:3000'),
  TRUST_PROXY: z.string().regex(TRUST_PROXY_FORM, 'must be true, false, a number of proxy hops, or a comma-separated list of proxy addresses or CIDRs (loopback, 10.0.0.0/8, ...)').default('false'),
  LOG_LEVEL: z.enum(logLevels, `must be one of ${logLevels.join(', ')}`).default('info'),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(1).max(24 * 90).default(12),
  /** Open event streams re-check their session or API key this often and close once it has ended. */
  STREAM_RECHECK_MS: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(100).max(60_000).default(5000),
  LOGIN_MAX_ATTEMPTS_PER_MINUTE: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(1).max(1000).default(5),
  /** Message bodies older than this many days are blanked (run structure stays); 0 keeps them forever. */
  MESSAGE_RETENTION_DAYS: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be 0 (keep) or more').max(36500).default(0),
  /** Tickets of `ticket` nodes with forward: true are POSTed here as HMAC-signed JSON. */
  HELPDESK_WEBHOOK_URL: z.url('must be an absolute URL').optional(),
  HELPDESK_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Built editor to serve (SPA); defaults to apps/editor/dist beside this app. */
  MOFLOW_EDITOR_DIST: z.string().min(1).optional(),
  /** A delivery report whose message id is not known yet is held this long, then logged as unmatched and dropped. */
  DLR_HOLD_SECONDS: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1').max(7 * 86_400).default(600),
  BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/, 'must look like 512kb or 2mb').default('2mb'),
  /** embedded: this process runs the turn pipeline, timers and sender; off: HTTP and ingest only (scaled: run apps/worker). */
  MOFLOW_PIPELINE: z.enum(['embedded', 'off'], 'must be embedded or off').default('embedded'),
  /** How long a REST trigger's Idempotency-Key answers with the run it started. */
  IDEMPOTENCY_KEY_TTL_HOURS: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(1).max(24 * 30).default(24),
  /** Deepest nesting of objects/arrays a JSON or form body may have. */
  BODY_MAX_DEPTH: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(4, 'must be at least 4').max(1000).default(64),
  /** Longest inbound SMS text (characters): 10 concatenated GSM-7 parts are 1,530; the default leaves a margin. */
  MO_TEXT_MAX_CHARS: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(160, 'must be at least 160').max(100_000).default(2000),
  /** Worker threads that run engine turns (live turns and simulations); default: cores, at most 4. */
  ENGINE_WORKERS: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(1).max(64).optional(),
  /** Processing time one turn may use before its worker is stopped (port waits excluded). */
  ENGINE_TURN_BUDGET_MS: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(100, 'must be at least 100').max(600_000).default(2000),
  /** Heap of each engine worker, MB. */
  ENGINE_WORKER_HEAP_MB: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(32, 'must be at least 32').max(16_384).default(256),
  /** How much lower the engine workers' CPU priority is than the process's (Linux nice steps, 0-19). */
  ENGINE_WORKER_NICE: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be 0-19').max(19, 'must be 0-19').default(0),
  /** Where live turns run: `pool` (worker threads with the watchdog) or `inline` (this thread, no watchdog: debugging). */
  ENGINE_LIVE_TURNS: z.enum(['pool', 'inline'], { error: 'must be pool or inline' }).default('pool'),
});

export type DatabaseConfig =
  | { type: 'sqlite'; path: string }
  | { type: 'postgres'; url: string; schema: string | undefined };

export interface AppConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  redisUrl: string | undefined;
  /** Whether this process handles MOs, timeouts and the outbox (see MOFLOW_PIPELINE). */
  pipeline: 'embedded' | 'off';
  idempotencyTtlMs: number;
  dataDir: string;
  adminEmail: string;
  adminPassword: string | undefined;
  /** Undefined until resolveSecretKey() ran (generated under dataDir in development). */
  secretKey: Buffer | undefined;
  seedDemo: boolean;
  publicUrl: string;
  /** False when PUBLIC_URL was left at its default. */
  publicUrlSet: boolean;
  /**
   * Express's `trust proxy`: false (default), true, a hop count, or a list of proxy addresses.
   * When the request comes through a trusted proxy, webhooks are verified against the URL it was
   * called at (X-Forwarded-Proto/Host) rather than PUBLIC_URL.
   */
  trustProxy: boolean | number | string;
  secureCookies: boolean;
  logLevel: (typeof logLevels)[number];
  metricsToken: string | undefined;
  sessionTtlMs: number;
  loginMaxAttemptsPerMinute: number;
  streamRecheckMs: number;
  bodyLimit: string;
  bodyMaxDepth: number;
  moTextMaxChars: number;
  engine: { workers: number | undefined; turnBudgetMs: number; workerHeapMb: number; workerNice: number; liveTurns: 'pool' | 'inline' };
  /** Undefined: apps/editor/dist next to this app. */
  editorDist: string | undefined;
  /** 0 = keep message bodies forever. */
  messageRetentionDays: number;
  helpdesk: { url: string; secret: string } | null;
  deliveryReportHoldMs: number;
}

export function decodeKey(value: string): Buffer | null {
  const trimmed = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const b64 = Buffer.from(trimmed, 'base64');
  return b64.length === 32 ? b64 : null;
}

/** Parses the environment; throws ConfigError naming every wrong setting. Unknown variables are ignored. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  // Empty strings count as "not set", the way shells and .env files usually mean them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const got = cleaned[name];
        const shown = got === undefined ? '' : name.includes('PASSWORD') || name.includes('KEY') || name.includes('TOKEN') ? ' (value hidden)' : ` (got "${got}")`;
        return `${name}: ${issue.message}${shown}`;
      }),
    );
  }
  const e = result.data;
  const database: DatabaseConfig = e.DATABASE_URL.startsWith('sqlite:')
    ? { type: 'sqlite', path: e.DATABASE_URL.slice('sqlite:'.length) }
    : { type: 'postgres', url: e.DATABASE_URL, schema: e.DATABASE_SCHEMA };
  return {
    port: e.PORT,
    host: e.HOST,
    database,
    redisUrl: e.REDIS_URL,
    pipeline: e.MOFLOW_PIPELINE,
    idempotencyTtlMs: e.IDEMPOTENCY_KEY_TTL_HOURS * 3_600_000,
    dataDir: e.MOFLOW_DATA_DIR,
    adminEmail: e.MOFLOW_ADMIN_EMAIL.toLowerCase(),
    adminPassword: e.MOFLOW_ADMIN_PASSWORD,
    secretKey: e.MOFLOW_SECRET_KEY ? (decodeKey(e.MOFLOW_SECRET_KEY) ?? undefined) : undefined,
    seedDemo: e.MOFLOW_SEED_DEMO === 'true',
    publicUrl: e.PUBLIC_URL,
    publicUrlSet: cleaned['PUBLIC_URL'] !== undefined,
    trustProxy: e.TRUST_PROXY === 'false' ? false : e.TRUST_PROXY === 'true' ? true : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
    secureCookies: e.PUBLIC_URL.startsWith('https:'),
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    loginMaxAttemptsPerMinute: e.LOGIN_MAX_ATTEMPTS_PER_MINUTE,
    streamRecheckMs: e.STREAM_RECHECK_MS,
    bodyLimit: e.BODY_LIMIT,
    bodyMaxDepth: e.BODY_MAX_DEPTH,
    moTextMaxChars: e.MO_TEXT_MAX_CHARS,
    engine: { workers: e.ENGINE_WORKERS, turnBudgetMs: e.ENGINE_TURN_BUDGET_MS, workerHeapMb: e.ENGINE_WORKER_HEAP_MB, workerNice: e.ENGINE_WORKER_NICE, liveTurns: e.ENGINE_LIVE_TURNS },
    editorDist: e.MOFLOW_EDITOR_DIST,
    messageRetentionDays: e.MESSAGE_RETENTION_DAYS,
    deliveryReportHoldMs: e.DLR_HOLD_SECONDS * 1000,
    helpdesk: e.HELPDESK_WEBHOOK_URL && e.HELPDESK_WEBHOOK_SECRET ? { url: e.HELPDESK_WEBHOOK_URL, secret: e.HELPDESK_WEBHOOK_SECRET } : null,
  };
}
