import { secretHostRefusal, type HttpLookupConfig } from '@moflow/flow-spec';
import { scopeWith } from '../expressions/context';
import { errorMessage, FlowEngineError, FlowEngineErrorCode } from '../errors';
import type { NodeContext, NodeOutcome } from '../nodes/node-executor';
import type { HttpResponse } from '../ports';
import { mergeVars } from '../nodes/var-names';
import { parseBody } from './parse-body';
import { redactUrl } from './redact-url';
import { backoffDelay, isRetryable } from './retry-policy';

interface Prepared {
  url: string;
  loggedUrl: string;
  headers: Record<string, string>;
  body?: string;
  secretValues: string[];
}

const secretNamesByConfig = new WeakMap<HttpLookupConfig, Set<string>>();

/** Secrets named by the URL and headers (the only places they resolve), once per config object. */
function secretNames(c: HttpLookupConfig, ctx: NodeContext): Set<string> {
  let names = secretNamesByConfig.get(c);
  if (!names) {
    names = new Set(ctx.expressions.secretsIn(c.url));
    for (const h of Object.values(c.headers)) for (const n of ctx.expressions.secretsIn(h)) names.add(n);
    secretNamesByConfig.set(c, names);
  }
  return names;
}

/** Secrets are fetched only for the URL and headers, and only the ones they name. */
async function prepare(c: HttpLookupConfig, ctx: NodeContext): Promise<Prepared> {
  const names = secretNames(c, ctx);
  const secrets: Record<string, string> = {};
  const masked: Record<string, string> = {};
  const hosts: Record<string, readonly string[]> = {};
  for (const name of names) {
    const secret = await ctx.ports.secrets.get(name);
    if (secret === undefined) throw new FlowEngineError(FlowEngineErrorCode.INVALID_VALUE, `secret "${name}" is not defined`);
    secrets[name] = secret.value;
    hosts[name] = secret.hosts;
    masked[name] = '***';
  }
  const scope = ctx.scope();
  const url = await ctx.render(c.url, 'config.url', names.size ? scopeWith(scope, { secrets }) : scope);
  const secretValues = Object.values(secrets);
  const loggedUrl = redactUrl(names.size ? await ctx.render(c.url, 'config.url', scopeWith(scope, { secrets: masked })) : url, secretValues);
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url))
    throw new FlowEngineError(FlowEngineErrorCode.INVALID_VALUE, `config.url: "${loggedUrl}" is not an absolute http(s) URL`);
  checkSecretOrigin(c.url, url, loggedUrl, secrets);
  checkSecretHosts(new URL(url).hostname, hosts);
  const headers: Record<string, string> = {};
  for (const k in c.headers) headers[k] = await ctx.render(c.headers[k]!, `config.headers.${k}`, names.size ? scopeWith(scope, { secrets }) : scope);
  const body = c.body === undefined ? undefined : await ctx.render(c.body, 'config.body', scope);
  return { url, loggedUrl, headers, body, secretValues };
}

const LEADING_SECRET = /^\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/;

/**
 * A URL that starts with a secret base (`{{ secrets.API_BASE }}/x/{{ vars.id }}`) must end up on the
 * secret's own origin: whatever follows (message text included) may only choose the path.
 */
function checkSecretOrigin(template: string, url: string, loggedUrl: string, secrets: Record<string, string>): void {
  const name = LEADING_SECRET.exec(template)?.[1];
  if (name === undefined) return;
  const base = secrets[name];
  const origin = base !== undefined && URL.canParse(base) ? new URL(base).origin : null;
  if (origin === null || new URL(url).origin !== origin)
    throw new FlowEngineError(FlowEngineErrorCode.INVALID_VALUE,
      `config.url: "${loggedUrl}" does not stay on the host of secret "${name}"; the rest of the URL may not change where the request goes`);
}

/**
 * Every secret the request carries must be bound to the host it goes to: a transformed copy
 * (`$base64encode(secrets.X)`, a substring) cannot be scrubbed later, so it must never leave for a
 * host that could echo it back into vars, replies or the run log.
 */
function checkSecretHosts(host: string, hosts: Record<string, readonly string[]>): void {
  for (const name in hosts) {
    const refusal = secretHostRefusal(name, host, hosts[name]!);
    if (refusal) throw new FlowEngineError(FlowEngineErrorCode.INVALID_VALUE, refusal);
  }
}

type Attempt = { response: HttpResponse } | { error: unknown };

/** Port errors often quote the URL they failed on: log them only with the redacted one. */
function scrub(text: string, req: Prepared): string {
  const withLoggedUrl = text.split(req.url).join(req.loggedUrl).replace(/\/\/[^/\s:@]+:[^/\s@]+@/g, '//');
  return req.secretValues.reduce((t, s) => (s.length >= 3 ? t.split(s).join('***') : t), withLoggedUrl);
}

export async function httpLookup(nodeId: string, c: HttpLookupConfig, ctx: NodeContext): Promise<NodeOutcome> {
  let req: Prepared;
  try {
    req = await prepare(c, ctx);
  } catch (err) {
    if (err instanceof FlowEngineError && err.code === FlowEngineErrorCode.PORT_NOT_CONFIGURED) throw err;
    return { handle: 'failure', reason: `request not sent: ${errorMessage(err)}` };
  }
  const { clock, http, random } = ctx.ports;
  const attempts = c.retries + 1;
  // attempts >= 1, so `last` is always set; no placeholder Error (capturing a stack costs µs per run)
  let last: Attempt = { error: null };
  let attempt = 0;
  for (attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await clock.sleep(backoffDelay(c.backoffMs, attempt - 1, random.next()));
    const started = clock.now();
    try {
      const response = await http.request({
        method: c.method,
        url: req.url,
        headers: req.headers,
        body: req.body,
        timeoutMs: c.timeoutMs,
        maxResponseBytes: c.maxResponseBytes,
        nodeId,
      });
      last = { response };
      const ended = clock.now();
      ctx.emit({ type: 'lookup_attempt', nodeId, method: c.method, url: req.loggedUrl, status: response.status, durationMs: ended - started, attempt }, ended);
      if (!isRetryable({ status: response.status })) break;
    } catch (error) {
      if (error instanceof FlowEngineError) throw error; // host wiring, not the remote API
      last = { error };
      const msg = scrub(errorMessage(error), req);
      const ended = clock.now();
      ctx.emit({ type: 'lookup_attempt', nodeId, method: c.method, url: req.loggedUrl, status: null, error: msg, durationMs: ended - started, attempt }, ended);
      if (!isRetryable({ error })) break;
    }
  }
  const made = Math.min(attempt, attempts);
  const tries = made === 1 ? 'first attempt' : `attempt ${made}`;
  if ('error' in last)
    return { handle: 'failure', reason: `${scrub(errorMessage(last.error), req)}; gave up after ${made} attempt${made === 1 ? '' : 's'}` };
  return respond(nodeId, c, ctx, last.response, tries);
}

async function respond(nodeId: string, c: HttpLookupConfig, ctx: NodeContext, res: HttpResponse, tries: string): Promise<NodeOutcome> {
  const input = scopeWith(ctx.scope(), { status: res.status, headers: res.headers, body: parseBody(res.body, res.headers) });
  let ok: boolean;
  let why: string;
  try {
    if (c.successWhen) {
      const v = await ctx.evaluate(c.successWhen, 'config.successWhen', input);
      ok = v === true || (typeof v !== 'object' && Boolean(v));
      why = `successWhen \`${c.successWhen}\` was ${ok ? 'true' : 'false'}`;
    } else {
      ok = res.status >= 200 && res.status < 300;
      why = ok ? '2xx' : 'not 2xx';
    }
    if (!ok) return { handle: 'failure', reason: `HTTP ${res.status} on ${tries}: ${why}` };
    if (c.mapping) {
      const mapped = await ctx.evaluate(c.mapping, 'config.mapping', input);
      if (typeof mapped !== 'object' || mapped === null || Array.isArray(mapped))
        throw new FlowEngineError(FlowEngineErrorCode.INVALID_VALUE, `config.mapping must give an object of vars, got ${JSON.stringify(mapped ?? null).slice(0, 80)}`);
      mergeVars(ctx.state.vars, mapped as Record<string, unknown>, 'config.mapping');
      ctx.emit({ type: 'vars_set', nodeId, changes: mapped as Record<string, unknown> });
    }
  } catch (err) {
    return { handle: 'failure', reason: `HTTP ${res.status} on ${tries}, but ${errorMessage(err)}` };
  }
  return { handle: 'success', reason: `HTTP ${res.status} on ${tries}: ${why}` };
}
