/**
 * Static screening of user regexes against catastrophic backtracking. JavaScript's engine backtracks,
 * and a pattern such as `(a+)+$` takes exponential time on a 30-character SMS, blocking the whole
 * worker. This is a conservative heuristic (in the spirit of safe-regex's star height), refined so
 * that common safe shapes such as `(\d+,)*` or `(\w+\s)+` stay allowed:
 *
 * - backreferences are refused outright (matching with them is NP-hard);
 * - under a repeating quantifier (`*`, `+`, `{n,}`, `{n,m}` with m > 10), every alternation must have
 *   options that start with disjoint characters and none may match empty text (`(a|a)*`, `(a|ab)+`);
 * - under a repeating quantifier, a nested variable quantifier must repeat a single character class
 *   that is disjoint from whatever may follow it inside the loop, including the loop's next iteration
 *   (`(a+)+`, `(.*)*`, `(\w+\s?)*` are refused; `(\d+,)*` is allowed);
 * - patterns longer than 500 characters are refused.
 *
 * Polynomial blow-ups such as `.*.*.*x` are not caught; SMS bodies are short (≤ 1600 characters),
 * which bounds them. Character sets are compared on a sample alphabet (ASCII, a few non-Latin
 * letters, and every character written in the pattern), using the real RegExp engine to decide
 * membership, so overlaps between classes like `\w` and `[a-f]` are found without a class algebra.
 */
import { BoundedCache } from './bounded-cache';
import { parseRegex, type RegexNode } from './regex-ast';

/** Flags the engine compiles `match`/`trigger` regexes with: case-insensitive, Unicode-aware. */
export const MATCH_REGEX_FLAGS = 'iu';
export const MAX_REGEX_LENGTH = 500;

export type RegexProblemKind = 'invalid' | 'too_long' | 'backreference' | 'nested_quantifier' | 'overlapping_alternation';
export type RegexCheck = { ok: true } | { ok: false; kind: RegexProblemKind; message: string };

const REPEAT_LIMIT = 10;
const BASE_SAMPLE = [
  ...Array.from({ length: 95 }, (_, k) => String.fromCharCode(32 + k)),
  '\n', '\t', '\u00a0', 'é', 'É', 'ß', 'ñ', 'а', 'Ж', 'ω', '中', 'ع', '٣', '😀',
];

type CharSet = Set<string>;

class Analyzer {
  private readonly sample: string[];
  private readonly sets = new Map<string, CharSet>();

  constructor(pattern: string, private readonly flags: string) {
    this.sample = [...new Set([...BASE_SAMPLE, ...Array.from(pattern)])];
  }

  charSet(source: string): CharSet {
    let set = this.sets.get(source);
    if (!set) {
      const re = new RegExp(`^(?:${source})$`, this.flags);
      set = new Set(this.sample.filter((c) => re.test(c)));
      this.sets.set(source, set);
    }
    return set;
  }

  nullable(node: RegexNode): boolean {
    switch (node.kind) {
      case 'char': return false;
      case 'assert': case 'backref': return true;
      case 'group': return node.lookaround || this.nullable(node.body);
      case 'seq': return node.items.every((n) => this.nullable(n));
      case 'alt': return node.options.some((n) => this.nullable(n));
      case 'repeat': return node.min === 0 || this.nullable(node.body);
    }
  }

  first(node: RegexNode): CharSet {
    switch (node.kind) {
      case 'char': return this.charSet(node.source);
      case 'assert': return new Set();
      case 'backref': return new Set(this.sample);
      case 'group': return node.lookaround ? new Set() : this.first(node.body);
      case 'repeat': return this.first(node.body);
      case 'alt': return union(node.options.map((n) => this.first(n)));
      case 'seq': {
        const sets: CharSet[] = [];
        for (const item of node.items) {
          sets.push(this.first(item));
          if (!this.nullable(item)) break;
        }
        return union(sets);
      }
    }
  }

  /** Characters that may come right after `items[index]` inside one loop body, wrapping to its start. */
  follow(items: RegexNode[], index: number, loopFirst: CharSet): CharSet {
    const sets: CharSet[] = [];
    for (const item of items.slice(index + 1)) {
      sets.push(this.first(item));
      if (!this.nullable(item)) return union(sets);
    }
    sets.push(loopFirst);
    return union(sets);
  }
}

function union(sets: CharSet[]): CharSet {
  const out = new Set<string>();
  for (const s of sets) for (const c of s) out.add(c);
  return out;
}

function overlaps(a: CharSet, b: CharSet): boolean {
  for (const c of a) if (b.has(c)) return true;
  return false;
}

function unwrap(node: RegexNode): RegexNode {
  if (node.kind === 'group' && !node.lookaround) return unwrap(node.body);
  if (node.kind === 'seq' && node.items.length === 1) return unwrap(node.items[0] as RegexNode);
  return node;
}

const isRepeating = (r: { max: number }) => r.max > REPEAT_LIMIT;

function descendants(node: RegexNode): RegexNode[] {
  const out: RegexNode[] = [];
  const visit = (n: RegexNode) => {
    out.push(n);
    if (n.kind === 'seq') n.items.forEach(visit);
    else if (n.kind === 'alt') n.options.forEach(visit);
    else if (n.kind === 'group' || n.kind === 'repeat') visit(n.body);
  };
  visit(node);
  return out;
}

function checkLoop(a: Analyzer, loop: Extract<RegexNode, { kind: 'repeat' }>, display: string): RegexCheck {
  const body = unwrap(loop.body);
  const inner = descendants(body);
  for (const alt of inner) {
    if (alt.kind !== 'alt') continue;
    if (alt.options.some((o) => a.nullable(o)))
      return unsafe('overlapping_alternation', `${display}: an alternative under a repeated group can match empty text`);
    const firsts = alt.options.map((o) => a.first(o));
    for (let x = 0; x < firsts.length; x++)
      for (let y = x + 1; y < firsts.length; y++)
        if (overlaps(firsts[x] as CharSet, firsts[y] as CharSet))
          return unsafe('overlapping_alternation', `${display}: alternatives under a repeated group can start with the same character, so text can be split in many ways`);
  }
  const items = body.kind === 'seq' ? body.items : [body];
  const loopFirst = a.first(body);
  for (const nested of inner) {
    if (nested.kind !== 'repeat' || nested.max === nested.min) continue;
    const index = items.indexOf(nested);
    const single = unwrap(nested.body);
    const safe = index >= 0 && single.kind === 'char' && !overlaps(a.charSet(single.source), a.follow(items, index, loopFirst));
    if (!safe)
      return unsafe('nested_quantifier', `${display}: nested quantifiers (a repeated group containing a repeat, like "(a+)+") can take exponential time`);
  }
  return { ok: true };
}

function unsafe(kind: RegexProblemKind, message: string): RegexCheck {
  return { ok: false, kind, message };
}

const results = new BoundedCache<string, RegexCheck>(2000);

/** Checks that `pattern` compiles with `flags` and is safe to run against untrusted SMS text. */
export function checkRegexSafety(pattern: string, flags: string = MATCH_REGEX_FLAGS): RegexCheck {
  return results.get(`${flags}/${pattern}`, () => analyse(pattern, flags));
}

function analyse(pattern: string, flags: string): RegexCheck {
  if (pattern.length > MAX_REGEX_LENGTH)
    return unsafe('too_long', `regex is ${pattern.length} characters long; at most ${MAX_REGEX_LENGTH} are allowed`);
  try {
    new RegExp(pattern, flags);
  } catch (err) {
    return unsafe('invalid', `regex does not compile: ${(err as Error).message}`);
  }
  const ast = parseRegex(pattern);
  const nodes = descendants(ast);
  if (nodes.some((n) => n.kind === 'backref'))
    return unsafe('backreference', 'regex uses a backreference (\\1, \\k<name>), which can take exponential time');
  const analyzer = new Analyzer(pattern, flags);
  for (const n of nodes) {
    if (n.kind !== 'repeat' || !isRepeating(n)) continue;
    const result = checkLoop(analyzer, n, 'regex is unsafe');
    if (!result.ok) return result;
  }
  return { ok: true };
}
