/** Checks inside node configs: expressions, templates, regexes, keywords, lookup URLs, trigger starts. */
import type { FlowNode, NodeOfType } from '../definition';
import { checkRegex as checkLinearRegex } from '../linear-regex';
import { checkExpression, checkTemplate } from './expression-checks';
import type { FlowView } from './flow-view';
import { foldKeyword } from './keyword-fold';
import { ProblemCode, type ProblemList } from './problems';
import { checkSecretPlacement } from './secret-checks';
import { checkLookupUrl } from './url-checks';

type Path = PropertyKey[];
// RFC 9110 token: anything else makes the HTTP client throw at run time, long after publishing.
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Host would redirect the request past the URL check; the length headers would corrupt the body.
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);
const WORD_MODES = new Set(['first_word', 'only_word', 'any_word', 'all_words', 'phrase', 'starts_with', 'exact']);

export function checkContent(view: FlowView, problems: ProblemList): void {
  for (const entry of view.nodes) {
    if (!entry.node) continue;
    const base: Path = ['nodes', entry.index, 'config'];
    checkNode(entry.node, base, problems);
    checkSecretPlacement(entry.node, base, problems);
  }
}

function checkNode(node: FlowNode, base: Path, problems: ProblemList): void {
  switch (node.type) {
    case 'trigger': return checkTrigger(node, base, problems);
    case 'match': return checkMatch(node, base, problems);
    case 'lookup': return checkLookup(node, base, problems);
    case 'ticket':
      checkTemplate([...base, 'subject'], node.config.subject, problems);
      checkTemplate([...base, 'body'], node.config.body, problems);
      return;
    case 'reply':
      checkTemplate([...base, 'text'], node.config.text, problems);
      return;
    case 'set':
      node.config.assignments.forEach((a, i) => checkExpression([...base, 'assignments', i, 'expression'], a.expression, problems));
      return;
    case 'wait': case 'subscribe': case 'end':
      return;
  }
}

function checkRegex(path: Path, pattern: string, problems: ProblemList): void {
  const result = checkLinearRegex(pattern);
  if (result.ok) return;
  const code = result.kind === 'invalid' || result.kind === 'too_long' ? ProblemCode.InvalidRegex : ProblemCode.UnsupportedRegex;
  problems.add(path, code, result.message);
}

/** Reports every value that folds to one seen before (in this trigger, or in an earlier case of this match). */
function checkDuplicates(values: Array<{ path: Path; value: string; foldAccents: boolean }>, problems: ProblemList): void {
  const seen = new Map<string, { path: Path; value: string }>();
  for (const v of values) {
    const key = foldKeyword(v.value, v.foldAccents);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, v);
      continue;
    }
    const where = first.path.slice(3).map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('').replace(/^\./, '');
    problems.add(v.path, ProblemCode.DuplicateKeyword, `"${v.value}" duplicates "${first.value}" (${where}) once case and spacing are folded`);
  }
}

/** A word takes a typo when it has 4 letters or more and no digit (the matcher's rule, flow-engine typoLimit). */
function typoApplies(value: string): boolean {
  return value.normalize('NFKC').split(/[\s\p{P}]+/u).some((w) => !/\p{N}/u.test(w) && Array.from(w.replace(/[^\p{L}\p{M}]/gu, '')).length >= 4);
}

/**
 * Warns when typo tolerance is on but can help none of the keywords (all of 3 letters or fewer, or
 * with digits): the marketer turned it on expecting it to. A mix (YES, SURE) is left alone.
 */
function checkTypoTolerance(path: Path, values: readonly string[], problems: ProblemList): void {
  if (values.length === 0 || values.some(typoApplies)) return;
  const listed = values.map((v) => JSON.stringify(v)).join(', ');
  problems.add(path, ProblemCode.TypoToleranceNotApplied,
    `typo tolerance cannot apply to ${listed}: words of 3 letters or fewer and words with digits must be typed exactly`, 'warning');
}

function checkTrigger(node: NodeOfType<'trigger'>, base: Path, problems: ProblemList): void {
  const c = node.config;
  if (c.keywords.length === 0 && !c.catchAll && !c.rest)
    problems.add(base, ProblemCode.TriggerNeverStarts, 'never starts a run: add a keyword, or enable catchAll or rest');
  if (c.match === 'regex') {
    c.keywords.forEach((k, i) => checkRegex([...base, 'keywords', i], k, problems));
    return;
  }
  checkDuplicates(c.keywords.map((value, i) => ({ path: [...base, 'keywords', i], value, foldAccents: c.foldAccents })), problems);
  if (c.typoTolerance) checkTypoTolerance([...base, 'typoTolerance'], c.keywords, problems);
}

function checkMatch(node: NodeOfType<'match'>, base: Path, problems: ProblemList): void {
  checkExpression([...base, 'input'], node.config.input, problems);
  const words: Array<{ path: Path; value: string; foldAccents: boolean }> = [];
  node.config.cases.forEach((c, i) => {
    const path: Path = [...base, 'cases', i];
    if (c.mode === 'regex' && c.pattern !== undefined) checkRegex([...path, 'pattern'], c.pattern, problems);
    if (c.expression !== undefined) checkExpression([...path, 'expression'], c.expression, problems);
    if (WORD_MODES.has(c.mode)) {
      c.values.forEach((value, v) => words.push({ path: [...path, 'values', v], value, foldAccents: c.foldAccents }));
      if (c.typoTolerance) checkTypoTolerance([...path, 'typoTolerance'], c.values, problems);
    }
  });
  const caseIds = new Map<string, number>();
  node.config.cases.forEach((c, i) => {
    const first = caseIds.get(c.id);
    if (first === undefined) caseIds.set(c.id, i);
    else problems.add([...base, 'cases', i, 'id'], ProblemCode.DuplicateCaseId, `duplicates the id "${c.id}" of cases[${first}]; case ids name output handles`);
  });
  checkDuplicates(words, problems);
}

function checkLookup(node: NodeOfType<'lookup'>, base: Path, problems: ProblemList): void {
  const c = node.config;
  if (c.kind === 'http') {
    if (checkTemplate([...base, 'url'], c.url, problems)) checkLookupUrl([...base, 'url'], c.url, problems);
    for (const [name, value] of Object.entries(c.headers)) {
      if (!HTTP_TOKEN.test(name))
        problems.add([...base, 'headers', name], ProblemCode.InvalidHeader, 'is not a valid HTTP header name (letters, digits and !#$%&\'*+-.^_`|~ only)');
      else if (RESERVED_HEADERS.has(name.toLowerCase()))
        problems.add([...base, 'headers', name], ProblemCode.InvalidHeader, 'is set by Moflow itself and cannot be overridden');
      checkTemplate([...base, 'headers', name], value, problems);
    }
    if (c.body !== undefined) checkTemplate([...base, 'body'], c.body, problems);
    if (c.successWhen !== undefined) checkExpression([...base, 'successWhen'], c.successWhen, problems);
  } else {
    checkTemplate([...base, 'key'], c.key, problems);
  }
  if (c.mapping !== undefined) checkExpression([...base, 'mapping'], c.mapping, problems);
}
