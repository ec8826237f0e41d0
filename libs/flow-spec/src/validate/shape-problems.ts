/**
 * Turns zod issues into problems whose message reads after the path (`nodes[3].config.url: must not
 * be empty`). Our schemas already phrase custom messages that way; zod's defaults are rephrased here.
 */
import type { z } from 'zod';
import { ProblemCode, type ProblemList } from './problems';

type Issue = z.core.$ZodIssue;

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);
const quoteAll = (values: ReadonlyArray<unknown>) => values.map((v) => JSON.stringify(v)).join(', ');
const isOwnPhrasing = (message: string) => /^(must|is|may|should|a flow)\b/.test(message);

function sizeMessage(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  const bound = Number(small ? issue.minimum : issue.maximum);
  const word = small ? 'at least' : 'at most';
  switch (issue.origin) {
    case 'string': return `must have ${word} ${bound} character${bound === 1 ? '' : 's'}`;
    case 'array': case 'set': return `must have ${word} ${bound} item${bound === 1 ? '' : 's'}`;
    default:
      if (issue.inclusive === false) return `must be ${small ? 'greater' : 'less'} than ${bound}`;
      return `must be ${word} ${bound}`;
  }
}

/** The value found at an issue's path, as it is quoted in messages (short). */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

function valueAt(raw: unknown, path: ReadonlyArray<PropertyKey>): { found: boolean; value?: unknown } {
  let cur: unknown = raw;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object' || !(k in (cur as object))) return { found: false };
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return { found: true, value: cur };
}

/** Says what is wrong with the value found (`"nope" is not a step type; use one of …`). */
function message(issue: Issue, raw: unknown): string {
  if (issue.code === 'custom' || isOwnPhrasing(issue.message)) return issue.message;
  const at = valueAt(raw, issue.path);
  const got = at.found && at.value !== undefined ? shown(at.value) : null;
  const isNodeType = issue.path.length === 3 && issue.path[0] === 'nodes' && issue.path[2] === 'type';
  const oneOf = (options: ReadonlyArray<unknown>) => {
    if (got === null) return options.length === 1 ? `must be ${quoteAll(options)}` : `must be one of ${quoteAll(options)}`;
    return `${got} is not ${isNodeType ? 'a step type' : 'allowed here'}; use ${options.length === 1 ? '' : 'one of '}${quoteAll(options)}`;
  };
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined$/.test(issue.message)) return 'is required';
      return got === null ? `must be ${article(issue.expected)}` : `must be ${article(issue.expected)}, not ${got}`;
    case 'invalid_value': return oneOf(issue.values);
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      return options ? oneOf(options) : got === null ? 'does not match any allowed form' : `${got} does not match any allowed form`;
    }
    case 'too_small': case 'too_big': {
      const size = sizeMessage(issue);
      return got !== null && typeof at.value === 'number' ? `${size}, not ${got}` : size;
    }
    case 'invalid_format': return got === null ? `must be a valid ${issue.format}` : `must be a valid ${issue.format}, not ${got}`;
    default: return issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
  }
}

/** `raw`: the input validated, so messages can quote the value that was wrong. */
export function addShapeProblems(issues: ReadonlyArray<Issue>, problems: ProblemList, skipPaths: ReadonlySet<string> = new Set(), raw?: unknown): void {
  for (const issue of issues) {
    if (skipPaths.has(issue.path.join('.'))) continue;
    const code = issue.path.length === 1 && issue.path[0] === 'specVersion' ? ProblemCode.UnsupportedSpecVersion : ProblemCode.InvalidShape;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.add([...issue.path, key], code, 'is not a known field');
      continue;
    }
    problems.add(issue.path, code, message(issue, raw));
  }
}
