/**
 * A synchronous evaluator for the small subset of JSONata that nearly every flow uses (field paths,
 * literals, `&`, comparisons, `and`/`or`, `? :`, arithmetic, object constructors). jsonata itself is
 * async and costs 5-15 µs per evaluation; this path costs well under 1 µs, which is what lets the
 * engine reach its throughput goal. Anything outside the subset, or any runtime value whose JSONata
 * semantics are subtle (arrays, mixed types, non-integer numbers in text), throws `BAIL` and the
 * caller re-evaluates with jsonata, so results are always JSONata's. The spec file checks both
 * evaluators agree.
 */
type Ast = {
  type: string;
  value?: unknown;
  steps?: Ast[];
  lhs?: Ast | Ast[][];
  rhs?: Ast;
  condition?: Ast;
  then?: Ast;
  else?: Ast;
  [extra: string]: unknown;
};

export type FastEval = (input: unknown) => unknown;

/** Thrown when a value falls outside the subset at run time. */
export const BAIL = Symbol('fast-path-bail');

const NODE_KEYS = new Set(['type', 'value', 'position', 'steps', 'lhs', 'rhs', 'condition', 'then', 'else']);

function plainNode(ast: Ast): boolean {
  // predicates, stages, grouping, keepArray, focus/index binds... all change semantics: leave to jsonata
  return Object.keys(ast).every((k) => NODE_KEYS.has(k));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isScalar(v: unknown): v is string | number | boolean | null {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** JSONata's $boolean for the values the subset lets through. */
function truthy(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'boolean') return v;
  throw BAIL;
}

function compilePath(steps: Ast[]): FastEval | null {
  const names: string[] = [];
  for (const s of steps) {
    if (s.type !== 'name' || typeof s.value !== 'string' || !plainNode(s)) return null;
    names.push(s.value);
  }
  return (input) => {
    let cur: unknown = input;
    for (const name of names) {
      if (cur === undefined) return undefined;
      if (!isPlainObject(cur)) throw BAIL;
      cur = Object.prototype.hasOwnProperty.call(cur, name) ? cur[name] : undefined;
    }
    // arrays and sequences flatten and unwrap in JSONata: not worth mirroring
    if (Array.isArray(cur)) throw BAIL;
    return cur;
  };
}

function textOf(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  throw BAIL;
}

function compileBinary(op: string, l: FastEval, r: FastEval): FastEval | null {
  switch (op) {
    case '&':
      return (i) => textOf(l(i)) + textOf(r(i));
    case 'and':
      return (i) => truthy(l(i)) && truthy(r(i));
    case 'or':
      return (i) => truthy(l(i)) || truthy(r(i));
    case '=':
    case '!=': {
      const negate = op === '!=';
      return (i) => {
        const a = l(i);
        const b = r(i);
        if (a === undefined || b === undefined) return false;
        if (!isScalar(a) || !isScalar(b)) throw BAIL;
        return negate ? a !== b : a === b;
      };
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
      return (i) => {
        const a = l(i);
        const b = r(i);
        if (a === undefined || b === undefined) return false;
        const bothNumbers = typeof a === 'number' && typeof b === 'number';
        const bothStrings = typeof a === 'string' && typeof b === 'string';
        if (!bothNumbers && !bothStrings) throw BAIL;
        if (op === '<') return a < b;
        if (op === '<=') return a <= b;
        if (op === '>') return a > b;
        return a >= b;
      };
    case '+':
    case '-':
    case '*':
    case '/':
      return (i) => {
        const a = l(i);
        const b = r(i);
        if (a === undefined || b === undefined) return undefined;
        if (typeof a !== 'number' || typeof b !== 'number') throw BAIL;
        const v = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : a / b;
        if (!Number.isFinite(v)) throw BAIL;
        return v;
      };
    default:
      return null;
  }
}

function compileObject(pairs: Ast[][]): FastEval | null {
  const compiled: [string, FastEval][] = [];
  for (const pair of pairs) {
    const [k, v] = pair;
    if (!k || !v || k.type !== 'string' || typeof k.value !== 'string' || !plainNode(k)) return null;
    const fv = compileNode(v);
    if (!fv) return null;
    compiled.push([k.value, fv]);
  }
  const keys = new Set(compiled.map(([k]) => k));
  if (keys.size !== compiled.length) return null; // duplicate keys: JSONata merges them, leave it to it
  if (keys.has('__proto__')) return null; // assignment would set the prototype: leave that oddity to jsonata
  return (i) => {
    const out: Record<string, unknown> = {};
    for (const [k, f] of compiled) {
      const v = f(i);
      if (v !== undefined) out[k] = v;
    }
    return out;
  };
}

function compileNode(ast: Ast): FastEval | null {
  if (!plainNode(ast)) return null;
  switch (ast.type) {
    case 'path':
      return ast.steps ? compilePath(ast.steps) : null;
    case 'string':
    case 'number':
    case 'value': {
      const v = ast.value;
      return isScalar(v) ? () => v : null;
    }
    case 'binary': {
      if (typeof ast.value !== 'string' || !ast.lhs || Array.isArray(ast.lhs) || !ast.rhs) return null;
      const l = compileNode(ast.lhs);
      const r = compileNode(ast.rhs);
      return l && r ? compileBinary(ast.value, l, r) : null;
    }
    case 'condition': {
      if (!ast.condition || !ast.then) return null;
      const c = compileNode(ast.condition);
      const t = compileNode(ast.then);
      const e = ast.else ? compileNode(ast.else) : () => undefined;
      if (!c || !t || !e) return null;
      return (i) => (truthy(c(i)) ? t(i) : e(i));
    }
    case 'unary':
      if (ast.value === '{' && Array.isArray(ast.lhs)) return compileObject(ast.lhs);
      return null;
    default:
      return null;
  }
}

/** A fast evaluator for `ast`, or null when the expression is outside the subset. */
export function compileFastPath(ast: unknown): FastEval | null {
  try {
    return compileNode(ast as Ast);
  } catch {
    return null;
  }
}
