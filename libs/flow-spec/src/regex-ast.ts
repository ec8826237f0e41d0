/**
 * A small parser for JavaScript regular expressions, just detailed enough for linear-regex.ts to
 * find the constructs RE2 cannot run (backreferences, lookaround) and name them in its refusal. It
 * runs only on patterns that `new RegExp` already accepted, so it does not re-validate syntax.
 */

export type RegexNode =
  | { kind: 'seq'; items: RegexNode[] }
  | { kind: 'alt'; options: RegexNode[] }
  | { kind: 'group'; body: RegexNode; lookaround: boolean }
  /** Matches exactly one character: a literal, an escape such as `\d`, `.` or a `[...]` class. */
  | { kind: 'char'; source: string }
  /** Matches no character: `^`, `$`, `\b`, `\B`. */
  | { kind: 'assert' }
  | { kind: 'backref' }
  | { kind: 'repeat'; body: RegexNode; min: number; max: number };

export function parseRegex(source: string): RegexNode {
  let i = 0;

  function parseAlt(): RegexNode {
    const options: RegexNode[] = [parseSeq()];
    while (source[i] === '|') {
      i++;
      options.push(parseSeq());
    }
    return options.length === 1 ? (options[0] as RegexNode) : { kind: 'alt', options };
  }

  function parseSeq(): RegexNode {
    const items: RegexNode[] = [];
    while (i < source.length && source[i] !== '|' && source[i] !== ')') {
      const atom = parseAtom();
      items.push(parseQuantifier(atom));
    }
    return { kind: 'seq', items };
  }

  function parseQuantifier(atom: RegexNode): RegexNode {
    const ch = source[i];
    let min: number;
    let max: number;
    if (ch === '*') [min, max] = [0, Infinity];
    else if (ch === '+') [min, max] = [1, Infinity];
    else if (ch === '?') [min, max] = [0, 1];
    else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
      if (!m) return atom; // a literal "{" (only legal without the u flag)
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      i += m[0].length - 1;
    } else return atom;
    i++;
    if (source[i] === '?') i++; // lazy quantifiers backtrack just as much
    return { kind: 'repeat', body: atom, min, max };
  }

  function parseAtom(): RegexNode {
    const ch = source[i];
    if (ch === '(') return parseGroup();
    if (ch === '[') return parseClass();
    if (ch === '\\') return parseEscape();
    i++;
    if (ch === '^' || ch === '$') return { kind: 'assert' };
    return { kind: 'char', source: ch === '.' ? '.' : (ch as string) };
  }

  function parseGroup(): RegexNode {
    i++; // (
    let lookaround = false;
    if (source[i] === '?') {
      const rest = source.slice(i);
      if (rest.startsWith('?:')) i += 2;
      else if (rest.startsWith('?=') || rest.startsWith('?!')) [i, lookaround] = [i + 2, true];
      else if (rest.startsWith('?<=') || rest.startsWith('?<!')) [i, lookaround] = [i + 3, true];
      else if (rest.startsWith('?<')) i = source.indexOf('>', i) + 1;
    }
    const body = parseAlt();
    i++; // )
    return { kind: 'group', body, lookaround };
  }

  function parseClass(): RegexNode {
    const start = i;
    i++;
    if (source[i] === '^') i++;
    if (source[i] === ']') i++; // "[]]" without the u flag
    while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
    i++;
    return { kind: 'char', source: source.slice(start, i) };
  }

  function parseEscape(): RegexNode {
    const start = i;
    const next = source[i + 1] ?? '';
    i += 2;
    if (/[1-9]/.test(next)) {
      while (/\d/.test(source[i] ?? '')) i++;
      return { kind: 'backref' };
    }
    if (next === 'k' && source[i] === '<') {
      i = source.indexOf('>', i) + 1;
      return { kind: 'backref' };
    }
    if (next === 'b' || next === 'B') return { kind: 'assert' };
    if ((next === 'p' || next === 'P') && source[i] === '{') i = source.indexOf('}', i) + 1;
    else if (next === 'u' && source[i] === '{') i = source.indexOf('}', i) + 1;
    else if (next === 'u') i += 4;
    else if (next === 'x') i += 2;
    else if (next === 'c') i += 1;
    return { kind: 'char', source: source.slice(start, i) };
  }

  const ast = parseAlt();
  return ast;
}
