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

function message(issue: Issue): string {
  if (issue.code === 'custom' || isOwnPhrasing(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined$/.test(issue.message) ? 'is required' : `must be ${article(issue.expected)}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${quoteAll(issue.values)}` : `must be one of ${quoteAll(issue.values)}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      return options ? `must be one of ${quoteAll(options)}` : 'does not match any allowed form';
    }
    case 'too_small': case 'too_big': return sizeMessage(issue);
    case 'invalid_format': return `must be a valid ${issue.format}`;
    default: return issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
  }
}

export function addShapeProblems(issues: ReadonlyArray<Issue>, problems: ProblemList, skipPaths: ReadonlySet<string> = new Set()): void {
  for (const issue of issues) {
    if (skipPaths.has(issue.path.join('.'))) continue;
    const code = issue.path.length === 1 && issue.path[0] === 'specVersion' ? ProblemCode.UnsupportedSpecVersion : ProblemCode.InvalidShape;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.add([...issue.path, key], code, 'is not a known field');
      continue;
    }
    problems.add(issue.path, code, message(issue));
  }
}
