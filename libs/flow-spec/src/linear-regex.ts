/**
 * User regexes (match cases, regex triggers, `/…/` inside JSONata, flow-test expectations) run on
 * RE2 (the `re2js` port): matching takes time linear in the text, whatever the pattern, so no
 * SMS can make a pattern backtrack for seconds. JavaScript syntax is accepted and translated;
 * the constructs RE2 cannot run in linear time (backreferences, lookahead, lookbehind) are refused
 * with a message saying so. The same module runs in the API, the engine and the editor, so what
 * validates is exactly what runs.
 */
import { RE2JS } from 're2js';
import { BoundedCache } from './bounded-cache';
import { parseRegex, type RegexNode } from './regex-ast';

/** Flags the engine compiles `match`/`trigger` regexes with: case-insensitive, Unicode-aware. */
export const MATCH_REGEX_FLAGS = 'iu';
export const MAX_REGEX_LENGTH = 500;
/**
 * Linear time is steps ∝ text length × program size, and counted repetition multiplies the program:
 * on a 2,000-character SMS `(a|aa|\w){1,1000}!$` (9,003 instructions) took ~300 ms per match and
 * `^(\w+\s?){1,34}$` (241) ~20 ms, measured on a loaded 2-core machine. At 120 the costliest
 * pattern found, `(\w+){1,23}$`, takes ~5 ms; everyday patterns compile to well under 100.
 */
export const MAX_REGEX_PROGRAM = 120;

export type RegexProblemKind = 'invalid' | 'too_long' | 'backreference' | 'lookaround' | 'unsupported' | 'too_costly';
export type RegexCheck = { ok: true } | { ok: false; kind: RegexProblemKind; message: string };

/** What `exec` returns: the shape of a native match (`[0]` the match, groups by index and name). */
export interface LinearMatch extends Array<string | undefined> {
  0: string;
  index: number;
  groups?: Record<string, string | undefined>;
}

/** A compiled user regex. Stateless: `exec(text, from)` searches from `from` (UTF-16 index). */
export class LinearRegex {
  private readonly names: Array<[string, number]>;

  constructor(
    readonly source: string,
    readonly flags: string,
    private readonly re: RE2JS,
  ) {
    this.names = Object.entries(re.namedGroups());
  }

  exec(text: string, from = 0): LinearMatch | null {
    const m = this.re.matcher(text);
    if (!m.find(from)) return null;
    const count = m.groupCount();
    const out = [] as unknown as LinearMatch;
    for (let g = 0; g <= count; g++) out.push(m.group(g) ?? undefined);
    out.index = m.start();
    if (this.names.length > 0) {
      const groups: Record<string, string | undefined> = {};
      for (const [name, g] of this.names) groups[name] = out[g];
      out.groups = groups;
    }
    return out;
  }

  test(text: string): boolean {
    return this.re.matcher(text).find();
  }
}

type Compiled = { ok: true; regex: LinearRegex } | Extract<RegexCheck, { ok: false }>;

function problem(kind: RegexProblemKind, message: string): Extract<RegexCheck, { ok: false }> {
  return { ok: false, kind, message };
}

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

function re2Flags(flags: string): number {
  let out = 0;
  if (flags.includes('i')) out |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) out |= RE2JS.MULTILINE;
  if (flags.includes('s')) out |= RE2JS.DOTALL;
  return out;
}

function compile(pattern: string, flags: string): Compiled {
  if (pattern.length > MAX_REGEX_LENGTH)
    return problem('too_long', `regex is ${pattern.length} characters long; at most ${MAX_REGEX_LENGTH} are allowed`);
  try {
    // JavaScript syntax is the language users write (and JSONata parses `/…/` with it)
    new RegExp(pattern, flags.replace(/[^dgimsuvy]/g, ''));
  } catch (err) {
    return problem('invalid', `regex does not compile: ${(err as Error).message}`);
  }
  const nodes = descendants(parseRegex(pattern));
  if (nodes.some((n) => n.kind === 'backref'))
    return problem('backreference', 'regex uses a backreference (\\1, \\k<name>): Moflow matches regexes in linear time, which rules them out; repeat the group instead');
  if (nodes.some((n) => n.kind === 'group' && n.lookaround))
    return problem('lookaround', 'regex uses a lookahead or lookbehind ((?=…), (?!…), (?<=…), (?<!…)): Moflow matches regexes in linear time, which rules them out; use a match case for the condition instead');
  try {
    const re = RE2JS.compile(RE2JS.translateRegExp(pattern), re2Flags(flags));
    const size = programSize(re);
    if (size > MAX_REGEX_PROGRAM)
      return problem('too_costly', `regex compiles to ${size} matching steps per character, more than the ${MAX_REGEX_PROGRAM} allowed (every SMS character costs that many): lower counted repetitions such as {1,1000}, or split the pattern into several cases`);
    return { ok: true, regex: new LinearRegex(pattern, flags, re) };
  } catch (err) {
    const detail = (err as Error).message.replace(/^error parsing regexp: /, '');
    return problem('unsupported', `regex uses syntax the linear-time engine (RE2) does not support: ${detail}`);
  }
}

/** Instructions of the compiled RE2 program (re2js keeps it on an internal field; 0 if that ever moves). */
function programSize(re: RE2JS): number {
  const prog = (re as unknown as { re2Input?: { prog?: { numInst?: () => number } } }).re2Input?.prog;
  return typeof prog?.numInst === 'function' ? prog.numInst() : 0;
}

const compiled = new BoundedCache<string, Compiled>(2000);

/** Compiles a user regex for linear-time matching (cached), or says why it cannot run. */
export function compileLinearRegex(pattern: string, flags: string = MATCH_REGEX_FLAGS): Compiled {
  return compiled.get(`${flags}/${pattern}`, () => compile(pattern, flags));
}

/** Checks that `pattern` compiles with `flags` and can run on the linear-time engine. */
export function checkRegex(pattern: string, flags: string = MATCH_REGEX_FLAGS): RegexCheck {
  const result = compileLinearRegex(pattern, flags);
  return result.ok ? { ok: true } : result;
}
