/**
 * RapidPro / TextIt expressions (`@contact.name`, `@results.x.category`, `@(upper(input.text))`,
 * legacy `@flow.x`, `@step.value`, `@(FIELD(...))`) to Moflow JSONata. A small parser of the
 * Excellent expression language: operators map one to one, known functions are rewritten, anything
 * else is reported as untranslated by its source text.
 */
import { quote } from '../names';
import { asExpression, asTemplate, path, type Parsed, type Part, type Translation } from './jsonata';

export interface ExcellentScope {
  legacy: boolean;
  /** The Moflow variable holding a RapidPro result (by its key). */
  resultVar(key: string): string;
}

class Untranslatable extends Error {}

/** snake_case key RapidPro derives from a result or field name. */
export function resultKey(name: string): string {
  const key = name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'result';
  return /^[0-9]/.test(key) ? `_${key}` : key.slice(0, 56);
}

const roots = new Set(['contact', 'fields', 'results', 'input', 'run', 'urns', 'trigger', 'webhook', 'child', 'parent', 'date', 'flow', 'step', 'extra', 'keyword', 'locals', 'globals']);

function firstName(): string {
  return '(contact.name ? $substringBefore(contact.name, " ") : "")';
}

export function resolvePath(segs: string[], scope: ExcellentScope): string | null {
  const s = segs.map((x) => x.toLowerCase());
  const [a, b, c, d] = s;
  const result = (key: string | undefined, field: string | undefined) => {
    if (!key) return null;
    const v = scope.resultVar(resultKey(key));
    if (field === undefined || field === 'value') return `vars.${v}`;
    if (field === 'text' || field === 'input') return `vars.${v}_text`;
    if (field === 'category' || field === 'category_localized') return `vars.${v}_category`;
    return null;
  };
  switch (a) {
    case 'input':
    case 'step':
      return b === undefined || b === 'text' || b === 'value' ? 'message.text' : null;
    case 'results':
      return c === undefined || d === undefined ? result(b, c) : null;
    case 'run':
      if (b === 'results') return result(c, d);
      return b === 'uuid' ? 'run.id' : null;
    case 'flow':
      return scope.legacy && s.length <= 3 ? result(b, c) : null;
    case 'contact':
      if (b === undefined || b === 'name') return 'contact.name';
      if (b === 'first_name') return firstName();
      if (b === 'uuid') return 'contact.id';
      if (['tel', 'tel_e164', 'urn', 'phone'].includes(b) || (b === 'urns' && c === 'tel')) return 'contact.phone';
      if (b === 'groups') return 'contact.subscriptions';
      if (b === 'fields' && c) return path('contact', 'fields', c);
      if (scope.legacy && c === undefined && !['language', 'created_on', 'id'].includes(b)) return path('contact', 'fields', b);
      return null;
    case 'fields':
      return b ? path('contact', 'fields', b) : null;
    case 'urns':
      return b === 'tel' ? 'contact.phone' : null;
    case 'trigger':
      if (b === 'params') return c ? path('trigger', 'parameters', ...segs.slice(2)) : 'trigger.parameters';
      return b === 'keyword' ? 'trigger.keyword' : null;
    case 'keyword':
      return 'trigger.keyword';
    case 'webhook':
    case 'extra':
      if (b === undefined || (b === 'json' && c === undefined)) return 'vars.webhook';
      return path('vars', 'webhook', ...segs.slice(b === 'json' ? 2 : 1));
    case 'date':
      if (b === undefined || b === 'now') return '$now()';
      if (b === 'today') return '$substring($now(), 0, 10)';
      return null;
    default:
      return null;
  }
}

type Tok = { t: 'num' | 'str' | 'id' | 'op' | '(' | ')' | ','; v: string };

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) { i++; continue; }
    if (ch === '"') {
      let j = i + 1;
      let text = '';
      while (j < src.length) {
        if (src[j] === '"' && src[j + 1] === '"') { text += '"'; j += 2; continue; }
        if (src[j] === '"') break;
        text += src[j];
        j++;
      }
      if (j >= src.length) throw new Untranslatable('unclosed string');
      toks.push({ t: 'str', v: text });
      i = j + 1;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(src.slice(i));
    if (num) { toks.push({ t: 'num', v: num[0] }); i += num[0].length; continue; }
    const id = /^[A-Za-z_][\w]*(\.[\w]+)*/.exec(src.slice(i));
    if (id) { toks.push({ t: 'id', v: id[0] }); i += id[0].length; continue; }
    const op = /^(<>|<=|>=|!=|[-+*/^&=<>])/.exec(src.slice(i));
    if (op) { toks.push({ t: 'op', v: op[0] }); i += op[0].length; continue; }
    if (ch === '(' || ch === ')' || ch === ',') { toks.push({ t: ch, v: ch }); i++; continue; }
    throw new Untranslatable(`unexpected "${ch}"`);
  }
  return toks;
}

type Fn = (args: string[], legacy: boolean) => string;
const index = (n: string, legacy: boolean) => (legacy ? `(${n}) - 1` : n);
const words = (x: string) => `$split($trim($string(${x})), /\\s+/)`;

const functions: Record<string, Fn> = {
  upper: ([x]) => `$uppercase(${x})`,
  lower: ([x]) => `$lowercase(${x})`,
  trim: ([x]) => `$trim(${x})`,
  clean: ([x]) => `$trim(${x})`,
  len: ([x]) => `$length(${x})`,
  length: ([x]) => `$length(${x})`,
  abs: ([x]) => `$abs(${x})`,
  int: ([x]) => `$floor($number(${x}))`,
  round: ([x, n]) => `$round($number(${x}), ${n ?? 0})`,
  fixed: ([x, n]) => `$round($number(${x}), ${n ?? 2})`,
  number: ([x]) => `$number(${x})`,
  text: ([x]) => `$string(${x})`,
  concatenate: (args) => `(${args.join(' & ')})`,
  if: ([c, a, b]) => `(${c} ? ${a} : ${b ?? '""'})`,
  and: (args) => `(${args.join(' and ')})`,
  or: (args) => `(${args.join(' or ')})`,
  not: ([x]) => `$not(${x})`,
  sum: (args) => `(${args.map((a) => `$number(${a})`).join(' + ')})`,
  max: (args) => `$max([${args.join(', ')}])`,
  min: (args) => `$min([${args.join(', ')}])`,
  now: () => '$now()',
  today: () => '$substring($now(), 0, 10)',
  year: ([d]) => `$number($substring($string(${d}), 0, 4))`,
  first_word: ([x]) => `${words(x!)}[0]`,
  word: ([x, n], legacy) => `${words(x!)}[${index(n!, legacy)}]`,
  remove_first_word: ([x]) => `$join(${words(x!)}[[1..1000]], " ")`,
  field: ([x, n, d], legacy) => `$trim($split($string(${x}), ${d ?? '" "'})[${index(n!, legacy)}])`,
  format_urn: ([x]) => `${x}`,
  default: ([a, b]) => `(${a} ? ${a} : ${b})`,
  proper: ([x]) => `$join($map($split($lowercase($string(${x})), " "), function($w) { $uppercase($substring($w, 0, 1)) & $substring($w, 1) }), " ")`,
  title: ([x]) => functions['proper']!([x!], false),
};

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[], private readonly scope: ExcellentScope) {}

  parse(): string {
    const e = this.binary(0);
    if (this.i < this.toks.length) throw new Untranslatable(`unexpected "${this.toks[this.i]!.v}"`);
    return e;
  }

  private static levels = [['=', '!=', '<>', '<', '<=', '>', '>='], ['&'], ['+', '-'], ['*', '/'], ['^']];

  private binary(level: number): string {
    if (level >= Parser.levels.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const tok = this.toks[this.i];
      if (!tok || tok.t !== 'op' || !Parser.levels[level]!.includes(tok.v)) return left;
      this.i++;
      const right = this.binary(level + 1);
      left = tok.v === '^' ? `$power(${left}, ${right})` : `${left} ${tok.v === '<>' ? '!=' : tok.v} ${right}`;
    }
  }

  private unary(): string {
    const tok = this.toks[this.i];
    if (tok?.t === 'op' && tok.v === '-') { this.i++; return `-${this.unary()}`; }
    return this.primary();
  }

  private primary(): string {
    const tok = this.toks[this.i++];
    if (!tok) throw new Untranslatable('unexpected end');
    if (tok.t === 'num') return tok.v;
    if (tok.t === 'str') return quote(tok.v);
    if (tok.t === '(') {
      const e = this.binary(0);
      this.expect(')');
      return `(${e})`;
    }
    if (tok.t !== 'id') throw new Untranslatable(`unexpected "${tok.v}"`);
    if (this.toks[this.i]?.t === '(') {
      this.i++;
      const args: string[] = [];
      if (this.toks[this.i]?.t !== ')') {
        for (;;) {
          args.push(this.binary(0));
          if (this.toks[this.i]?.t === ',') { this.i++; continue; }
          break;
        }
      }
      this.expect(')');
      const fn = functions[tok.v.toLowerCase()];
      if (!fn) throw new Untranslatable(`function ${tok.v}() has no Moflow equivalent`);
      return fn(args, this.scope.legacy);
    }
    const lower = tok.v.toLowerCase();
    if (lower === 'true' || lower === 'false') return lower;
    const resolved = resolvePath(tok.v.split('.'), this.scope);
    if (resolved === null) throw new Untranslatable(`${tok.v} has no Moflow equivalent`);
    return resolved;
  }

  private expect(t: Tok['t']): void {
    if (this.toks[this.i]?.t !== t) throw new Untranslatable(`expected "${t}"`);
    this.i++;
  }
}

/** JSONata for an expression without the leading `@` (`upper(contact.name)`), or null. */
export function excellentExpression(src: string, scope: ExcellentScope): string | null {
  try {
    return new Parser(tokenize(src), scope).parse();
  } catch (e) {
    if (e instanceof Untranslatable) return null;
    throw e;
  }
}

/** Index of the `)` closing the `(` at `open`, skipping strings; -1 when unbalanced. */
function closingParen(src: string, open: number): number {
  let depth = 0;
  let inStr = false;
  for (let i = open; i < src.length; i++) {
    const ch = src[i];
    if (inStr) { if (ch === '"') inStr = false; continue; }
    if (ch === '"') inStr = true;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return -1;
}

function parts(src: string, scope: ExcellentScope): Parsed {
  const out: Part[] = [];
  const untranslated: string[] = [];
  let text = '';
  let i = 0;
  const flush = () => { if (text) out.push({ kind: 'text', text }); text = ''; };
  while (i < src.length) {
    const ch = src[i]!;
    if (ch !== '@') { text += ch; i++; continue; }
    if (src[i + 1] === '@') { text += '@'; i += 2; continue; }
    if (src[i + 1] === '(') {
      const end = closingParen(src, i + 1);
      if (end < 0) { text += ch; i++; continue; }
      const inner = src.slice(i + 2, end);
      const expr = excellentExpression(inner, scope);
      flush();
      if (expr === null) untranslated.push(src.slice(i, end + 1));
      else out.push({ kind: 'expr', expr });
      i = end + 1;
      continue;
    }
    const m = /^[A-Za-z_][\w]*(\.[\w]+)*/.exec(src.slice(i + 1));
    if (!m || !roots.has(m[0].split('.')[0]!.toLowerCase())) { text += ch; i++; continue; }
    const expr = resolvePath(m[0].split('.'), scope);
    flush();
    if (expr === null) untranslated.push(`@${m[0]}`);
    else out.push({ kind: 'expr', expr });
    i += 1 + m[0].length;
  }
  flush();
  return { parts: out, untranslated };
}

export const excellentToTemplate = (src: string, scope: ExcellentScope): Translation => asTemplate(parts(src, scope));
export const excellentToExpression = (src: string, scope: ExcellentScope): Translation => asExpression(parts(src, scope));
