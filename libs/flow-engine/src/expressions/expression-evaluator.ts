/**
 * JSONata evaluation for the engine: each source compiled once (LRU cache, syntax errors cached
 * too), every evaluation bounded in time and recursion depth (jsonata's own `timeout`/`stack`
 * guardrails, checked on every node it evaluates) and in output size (JSON length of the result).
 * Results are returned as plain JSON so they can go straight into the run state.
 */
import jsonata from 'jsonata';
import { BAIL, compileFastPath, type FastEval } from './fast-path';
import { LruCache } from './lru-cache';
import { guardSizes, sizeLimitMessage, type SizeLimits } from './size-guard';
import { compileLinearRegex, parseTemplate, type LinearRegex } from '@moflow/flow-spec';

export interface ExpressionLimits extends SizeLimits {
  /** Wall time for one evaluation. */
  timeoutMs: number;
  /** Largest JSON length of one result. */
  maxOutputChars: number;
  /** Deepest evaluation stack (recursive lambdas). */
  maxDepth: number;
  /** Compiled expressions and templates kept. */
  cacheSize: number;
}

export const defaultExpressionLimits: ExpressionLimits = {
  timeoutMs: 250,
  maxOutputChars: 64 * 1024,
  maxDepth: 200,
  cacheSize: 5000,
  maxSequence: 10_000,
  maxStringChars: 100_000,
};

/** An expression that failed to compile or evaluate; the message quotes the source and where. */
export class ExpressionError extends Error {
  constructor(
    readonly source: string,
    readonly detail: string,
    readonly position?: number,
  ) {
    super(`\`${source}\`: ${detail}${position !== undefined ? ` (at character ${position})` : ''}`);
    this.name = 'ExpressionError';
  }
}

interface CompiledExpression {
  fast: FastEval | null;
  slow: jsonata.Expression;
}

type CompiledPart = string | { source: string; offset: number; expr: CompiledExpression };
interface CompiledTemplate {
  parts: CompiledPart[];
  /** `secrets.NAME` referenced inside the template's expressions. */
  secretNames: string[];
}

function jsonataDetail(err: unknown): { detail: string; position?: number } {
  if (typeof err === 'object' && err !== null) {
    const e = err as { message?: unknown; position?: unknown; code?: unknown };
    const detail = typeof e.message === 'string' ? e.message : String(err);
    const code = typeof e.code === 'string' ? `${e.code}: ` : '';
    return { detail: code + detail, position: typeof e.position === 'number' ? e.position : undefined };
  }
  return { detail: String(err) };
}

/**
 * The regex constructor jsonata uses for `/.../` literals: a native RegExp stuck backtracking on a
 * crafted SMS cannot be interrupted, so user regexes run on the linear-time engine instead. jsonata
 * only sets `lastIndex` and calls `exec`, which is all this class offers; patterns the engine
 * cannot run (backreferences, lookaround) fail the expression with the reason.
 */
class LinearRegExpForJsonata {
  lastIndex = 0;
  readonly source: string;
  private readonly regex: LinearRegex;

  constructor(re: RegExp | string, flags?: string) {
    const source = typeof re === 'string' ? re : re.source;
    const result = compileLinearRegex(source, typeof re === 'string' ? (flags ?? '') : re.flags);
    if (!result.ok) throw new Error(`regex /${source}/ refused: ${result.message}`);
    this.source = source;
    this.regex = result.regex;
  }

  exec(text: string): RegExpExecArray | null {
    const m = this.regex.exec(text, this.lastIndex);
    // jsonata reads lastIndex to find the next match, as with a native `g` regex
    this.lastIndex = m ? m.index + m[0].length : 0;
    return m as unknown as RegExpExecArray | null;
  }
}

/** Text of a value inside a template: missing renders empty, objects as JSON. */
export function templateText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15)));
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'function') return '';
  return JSON.stringify(v) ?? '';
}

/** jsonata lambdas are objects holding their (circular) environment: they are not data. */
function dropLambdas(_key: string, v: unknown): unknown {
  if (typeof v === 'object' && v !== null && ('_jsonata_lambda' in v || '_jsonata_function' in v)) return undefined;
  return v;
}

/**
 * JSON size of an object whose values are all scalars (the usual mapping result), computed without
 * serialising it; -1 for anything else.
 */
function flatRecordSize(v: unknown): number {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype) return -1;
  let size = 2;
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (typeof x === 'string') size += x.length + 2;
    else if (typeof x === 'number' && Number.isFinite(x)) size += 24;
    else if (typeof x === 'boolean' || x === null) size += 5;
    else return -1;
    size += k.length + 4;
  }
  return size;
}

const SECRET_REF = /\bsecrets\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)/g;

// `$fromMillis` with a picture and time zone, for `$now(picture, timezone)` on the engine's clock.
let fromMillis: ReturnType<typeof jsonata> | undefined;

/** `$now()` and `$millis()` bound to a given time, so simulations and tests control the clock. */
function clockBindings(nowMs: number): Record<string, unknown> {
  return {
    millis: () => nowMs,
    now: (picture?: string, timezone?: string) => {
      if (picture === undefined && timezone === undefined) return new Date(nowMs).toISOString();
      fromMillis ??= jsonata('$fromMillis(ms, picture, timezone)');
      return fromMillis.evaluate({ ms: nowMs, picture, timezone });
    },
  };
}

export class ExpressionEvaluator {
  private readonly expressions: LruCache<string, CompiledExpression | ExpressionError>;
  private readonly templates: LruCache<string, CompiledTemplate | ExpressionError>;

  constructor(readonly limits: ExpressionLimits = defaultExpressionLimits) {
    this.expressions = new LruCache(limits.cacheSize);
    this.templates = new LruCache(limits.cacheSize);
  }

  /** Compiles (or fetches) `source`; throws ExpressionError on a syntax error. */
  compile(source: string): CompiledExpression {
    let hit = this.expressions.get(source);
    if (!hit) {
      try {
        const slow = jsonata(source, {
          timeout: this.limits.timeoutMs,
          stack: this.limits.maxDepth,
          sequence: this.limits.maxSequence,
          RegexEngine: LinearRegExpForJsonata as unknown as RegExpConstructor, // jsonata only ever calls it with `new`
        });
        guardSizes(slow, this.limits);
        hit = { slow, fast: compileFastPath(slow.ast()) };
      } catch (err) {
        const { detail, position } = jsonataDetail(err);
        hit = new ExpressionError(source, `does not compile: ${detail}`, position);
      }
      this.expressions.set(source, hit);
    }
    if (hit instanceof ExpressionError) throw hit;
    return hit;
  }

  /** Evaluates `source` over `input`; the result is plain JSON (or undefined when missing). */
  async evaluate(source: string, input: unknown, nowMs?: number): Promise<unknown> {
    return this.evaluateNow(source, input, nowMs);
  }

  /**
   * Same as `evaluate`, but returns the value itself when the synchronous fast path could
   * answer: the engine's hot path then skips a promise per expression. Throws ExpressionError
   * synchronously or rejects with it.
   */
  evaluateNow(source: string, input: unknown, nowMs?: number): unknown {
    return this.run(source, this.compile(source), input, nowMs);
  }

  /** `nowMs`: the engine's clock, read by `$now()` and `$millis()` instead of the host's. */
  private run(source: string, compiled: CompiledExpression, input: unknown, nowMs?: number): unknown {
    if (compiled.fast) {
      try {
        return this.bounded(source, compiled.fast(input));
      } catch (err) {
        if (err !== BAIL) throw err;
      }
    }
    return this.slow(source, compiled, input, nowMs);
  }

  private async slow(source: string, compiled: CompiledExpression, input: unknown, nowMs?: number): Promise<unknown> {
    let result: unknown;
    try {
      result = await compiled.slow.evaluate(input, nowMs === undefined ? undefined : clockBindings(nowMs));
    } catch (err) {
      const { detail, position } = jsonataDetail(err);
      const size = sizeLimitMessage((err as { code?: unknown } | null)?.code, this.limits);
      throw new ExpressionError(source, size ?? detail, position);
    }
    return this.bounded(source, result);
  }

  private bounded(source: string, v: unknown): unknown {
    const max = this.limits.maxOutputChars;
    if (v === undefined || v === null || typeof v === 'boolean' || typeof v === 'number') return v;
    if (typeof v === 'string') {
      if (v.length > max) throw new ExpressionError(source, `result is ${v.length} characters, more than the ${max} allowed`);
      return v;
    }
    if (typeof v === 'function') return undefined;
    const flat = flatRecordSize(v);
    if (flat >= 0) {
      if (flat > max) throw new ExpressionError(source, `result is about ${flat} characters of JSON, more than the ${max} allowed`);
      // a copy: the result may be an object of the run state itself (`contact.fields`)
      return { ...(v as Record<string, unknown>) };
    }
    let json: string | undefined;
    try {
      json = JSON.stringify(v, dropLambdas);
    } catch (err) {
      throw new ExpressionError(source, `result cannot be stored as JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (json === undefined) return undefined;
    if (json.length > max) throw new ExpressionError(source, `result is ${json.length} characters of JSON, more than the ${max} allowed`);
    // strips jsonata's sequence markers and lambdas so the state stays plain JSON
    return JSON.parse(json) as unknown;
  }

  private compileTemplate(template: string): CompiledTemplate {
    let hit = this.templates.get(template);
    if (!hit) {
      try {
        const parts: CompiledPart[] = [];
        const secretNames = new Set<string>();
        // the same scanner as flow-spec's validator, so publish checks and runs never disagree
        const parsed = parseTemplate(template);
        if (!parsed.ok) throw new ExpressionError(template, parsed.error.message);
        for (const p of parsed.parts) {
          if (p.kind === 'literal') {
            parts.push(p.text);
            continue;
          }
          for (const m of p.expression.matchAll(SECRET_REF)) if (m[1]) secretNames.add(m[1]);
          try {
            parts.push({ source: p.expression, offset: p.start, expr: this.compile(p.expression) });
          } catch (err) {
            if (!(err instanceof ExpressionError)) throw err;
            throw new ExpressionError(template, `{{ ${p.expression} }} at character ${p.start + 1} ${err.detail}`);
          }
        }
        hit = { parts, secretNames: [...secretNames] };
      } catch (err) {
        if (err instanceof ExpressionError) hit = err;
        else throw err;
      }
      this.templates.set(template, hit);
    }
    if (hit instanceof ExpressionError) throw hit;
    return hit;
  }

  /** Names of secrets a template refers to (`{{ secrets.API_KEY }}`). */
  secretsIn(template: string): string[] {
    return this.compileTemplate(template).secretNames;
  }

  /** Renders `{{ expr }}` placeholders; missing values render as empty text, objects as JSON. */
  async render(template: string, input: unknown, nowMs?: number): Promise<string> {
    return this.renderNow(template, input, nowMs);
  }

  /** Same as `render`, synchronous when every placeholder took the fast path. */
  renderNow(template: string, input: unknown, nowMs?: number): string | Promise<string> {
    const { parts } = this.compileTemplate(template);
    let out = '';
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (typeof p === 'string') {
        out += p;
        continue;
      }
      let v: unknown;
      try {
        v = this.run(p.source, p.expr, input, nowMs);
      } catch (err) {
        throw this.placeholderError(template, p, err);
      }
      if (v instanceof Promise) return this.renderRest(template, parts, i, out, v, input, nowMs);
      out += templateText(v);
    }
    return this.checkRendered(template, out);
  }

  /** The slow continuation of renderNow once a placeholder needed jsonata. */
  private async renderRest(template: string, parts: CompiledPart[], from: number, head: string, pending: Promise<unknown>, input: unknown, nowMs?: number): Promise<string> {
    let out = head;
    for (let i = from; i < parts.length; i++) {
      const p = parts[i]!;
      if (typeof p === 'string') {
        out += p;
        continue;
      }
      try {
        out += templateText(await (i === from ? pending : this.run(p.source, p.expr, input, nowMs)));
      } catch (err) {
        throw this.placeholderError(template, p, err);
      }
    }
    return this.checkRendered(template, out);
  }

  private placeholderError(template: string, p: Exclude<CompiledPart, string>, err: unknown): unknown {
    if (!(err instanceof ExpressionError)) return err;
    return new ExpressionError(template, `{{ ${p.source} }} at character ${p.offset + 1} failed: ${err.detail}`);
  }

  private checkRendered(template: string, out: string): string {
    if (out.length > this.limits.maxOutputChars)
      throw new ExpressionError(template, `renders ${out.length} characters, more than the ${this.limits.maxOutputChars} allowed`);
    return out;
  }
}

const shared = new ExpressionEvaluator();

/** Evaluates one JSONata expression with the default limits and the shared cache. */
export function evaluateExpression(source: string, input: unknown, evaluator: ExpressionEvaluator = shared): Promise<unknown> {
  return evaluator.evaluate(source, input);
}

/** Renders a `{{ }}` template with the default limits and the shared cache. */
export function renderTemplate(template: string, input: unknown, evaluator: ExpressionEvaluator = shared): Promise<string> {
  return evaluator.render(template, input);
}
