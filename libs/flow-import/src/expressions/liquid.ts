/**
 * Liquid (Twilio Studio) to Moflow: `{{ path | filter: arg }}` outputs become JSONata; the caller's
 * scope maps Studio paths (`widgets.x.inbound.Body`, `flow.variables.x`...) to the Moflow context.
 * What cannot be translated is left out and named in `untranslated`, so the report can say which.
 */
import { quote } from '../names';
import { asExpression, asTemplate, type Parsed, type Part, type Translation } from './jsonata';

export type { Translation } from './jsonata';

export interface LiquidScope {
  /** JSONata for a Studio path, or null when there is no Moflow equivalent. */
  resolve(segments: string[]): string | null;
}

type Filter = (x: string, args: string[]) => string | null;

const filters: Record<string, Filter> = {
  upcase: (x) => `$uppercase(${x})`,
  downcase: (x) => `$lowercase(${x})`,
  capitalize: (x) => `($uppercase($substring(${x}, 0, 1)) & $substring(${x}, 1))`,
  strip: (x) => `$trim(${x})`,
  lstrip: (x) => `$trim(${x})`,
  rstrip: (x) => `$trim(${x})`,
  size: (x) => `$length(${x})`,
  to_json: (x) => `$string(${x})`,
  json: (x) => `$string(${x})`,
  escape: (x) => x,
  url_encode: (x) => `$encodeUrlComponent(${x})`,
  default: (x, [a]) => (a ? `(${x} ? ${x} : ${a})` : null),
  append: (x, [a]) => (a ? `(${x} & ${a})` : null),
  prepend: (x, [a]) => (a ? `(${a} & ${x})` : null),
  replace: (x, [a, b]) => (a && b ? `$replace(${x}, ${a}, ${b})` : null),
  remove: (x, [a]) => (a ? `$replace(${x}, ${a}, "")` : null),
  truncate: (x, [n]) => (n ? `$substring(${x}, 0, ${n})` : null),
  split: (x, [a]) => (a ? `$split(${x}, ${a})` : null),
  join: (x, [a]) => `$join(${x}, ${a ?? '" "'})`,
  first: (x) => `${x}[0]`,
  last: (x) => `${x}[-1]`,
  plus: (x, [n]) => (n ? `($number(${x}) + ${n})` : null),
  minus: (x, [n]) => (n ? `($number(${x}) - ${n})` : null),
  times: (x, [n]) => (n ? `($number(${x}) * ${n})` : null),
  divided_by: (x, [n]) => (n ? `($number(${x}) / ${n})` : null),
};

/** Split on a separator outside quotes. */
function splitOutside(text: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q: string | null = null;
  for (const ch of text) {
    if (q) {
      if (ch === q) q = null;
      cur += ch;
    } else if (ch === '"' || ch === "'") {
      q = ch;
      cur += ch;
    } else if (ch === sep) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

function pathSegments(text: string): string[] | null {
  if (!/^[A-Za-z_][\w-]*(\.[\w-]+|\[\s*('[^']*'|"[^"]*"|\d+)\s*\])*$/.test(text)) return null;
  const segs: string[] = [];
  for (const m of text.matchAll(/([A-Za-z_0-9][\w-]*)|\[\s*(?:'([^']*)'|"([^"]*)"|(\d+))\s*\]/g)) segs.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
  return segs;
}

function operand(text: string, scope: LiquidScope): string | null {
  if (/^'[^']*'$|^"[^"]*"$/.test(text)) return quote(text.slice(1, -1));
  if (/^-?\d+(\.\d+)?$/.test(text)) return text;
  if (text === 'true' || text === 'false' || text === 'nil' || text === 'null') return text === 'nil' ? 'null' : text;
  const segs = pathSegments(text);
  return segs ? scope.resolve(segs) : null;
}

/** JSONata for the inside of one `{{ }}`, or null. */
export function liquidOutput(inner: string, scope: LiquidScope): string | null {
  const [head, ...rest] = splitOutside(inner, '|');
  let expr = operand(head ?? '', scope);
  for (const f of rest) {
    if (expr === null) return null;
    const colon = f.indexOf(':');
    const name = (colon < 0 ? f : f.slice(0, colon)).trim();
    const args = colon < 0 ? [] : splitOutside(f.slice(colon + 1), ',').map((a) => operand(a, scope));
    const filter = filters[name];
    if (!filter || args.some((a) => a === null)) return null;
    expr = filter(expr, args as string[]);
  }
  return expr;
}

function parts(source: string, scope: LiquidScope): Parsed {
  const out: Part[] = [];
  const untranslated: string[] = [];
  let last = 0;
  for (const m of source.matchAll(/\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}/g)) {
    out.push({ kind: 'text', text: source.slice(last, m.index) });
    last = m.index + m[0].length;
    const expr = m[1] !== undefined ? liquidOutput(m[1].trim(), scope) : null;
    if (expr === null) untranslated.push(m[0]);
    else out.push({ kind: 'expr', expr });
  }
  out.push({ kind: 'text', text: source.slice(last) });
  return { parts: out, untranslated };
}

export const liquidToTemplate = (source: string, scope: LiquidScope): Translation => asTemplate(parts(source, scope));
export const liquidToExpression = (source: string, scope: LiquidScope): Translation => asExpression(parts(source, scope));
