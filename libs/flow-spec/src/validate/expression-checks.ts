/** JSONata expressions and `{{ }}` templates must compile; errors point at the character in the field. */
import jsonata from 'jsonata';
import { BoundedCache } from '../bounded-cache';
import { checkRegex } from '../linear-regex';
import { parseTemplate } from '../template';
import { ProblemCode, type ProblemList } from './problems';

interface JsonataError {
  position?: number;
  message: string;
}

/** Compiles one JSONata expression; null when it compiles, else the 1-based character and message. */
export function compileError(expression: string): { position: number; message: string } | null {
  return compiled.get(expression, compile);
}

const compiled = new BoundedCache<string, { position: number; message: string } | null>(5000);

function compile(expression: string): { position: number; message: string } | null {
  try {
    return regexError(jsonata(expression).ast());
  } catch (err) {
    const e = err as JsonataError;
    return { position: typeof e.position === 'number' ? e.position : 1, message: e.message };
  }
}

/** The first `/…/` literal the linear-time engine cannot run (the engine refuses it at run time too). */
function regexError(ast: unknown): { position: number; message: string } | null {
  const seen = new Set<object>();
  const stack: unknown[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    const n = node as { type?: unknown; value?: unknown; position?: unknown };
    if (n.type === 'regex' && n.value instanceof RegExp) {
      const check = checkRegex(n.value.source, n.value.flags.replace('g', ''));
      if (!check.ok) return { position: typeof n.position === 'number' ? n.position : 1, message: `/${n.value.source}/: ${check.message}` };
    }
    for (const v of Object.values(node)) if (typeof v === 'object' && v !== null) stack.push(v);
  }
  return null;
}

export function checkExpression(path: PropertyKey[], expression: string, problems: ProblemList): void {
  const error = compileError(expression);
  if (error) problems.add(path, ProblemCode.InvalidExpression, `expression at character ${error.position}: ${error.message}`);
}

/** Returns true when the template is valid, so callers can go on with checks on its literal parts. */
export function checkTemplate(path: PropertyKey[], text: string, problems: ProblemList): boolean {
  const parsed = parseTemplate(text);
  let ok = true;
  for (const part of parsed.parts) {
    if (part.kind !== 'expression') continue;
    const error = compileError(part.expression);
    if (!error) continue;
    ok = false;
    problems.add(path, ProblemCode.InvalidExpression,
      `expression at character ${part.expressionStart + error.position}: ${error.message} (in "{{ ${part.expression} }}")`);
  }
  if (!parsed.ok) {
    problems.add(path, ProblemCode.InvalidTemplate, parsed.error.message);
    return false;
  }
  return ok;
}
