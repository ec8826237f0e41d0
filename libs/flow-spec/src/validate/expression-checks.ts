/** JSONata expressions and `{{ }}` templates must compile; errors point at the character in the field. */
import jsonata from 'jsonata';
import { BoundedCache } from '../bounded-cache';
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
    jsonata(expression);
    return null;
  } catch (err) {
    const e = err as JsonataError;
    return { position: typeof e.position === 'number' ? e.position : 1, message: e.message };
  }
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
