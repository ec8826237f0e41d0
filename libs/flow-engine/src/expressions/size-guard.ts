/**
 * Caps on the sizes that feed JSONata's native functions. The time budget is checked between
 * expression steps, so one native call over a huge input (`$distinct([1..80000])`) runs to its end
 * whatever the budget: keeping every sequence and every computed string small keeps each native call
 * short. Ranges and sequences are capped by jsonata itself (its `sequence` option, checked before it
 * allocates); strings and arrays returned by functions are checked as each call returns.
 */
import type jsonata from 'jsonata';

export interface SizeLimits {
  /** Items in one sequence, range or function-built array. */
  maxSequence: number;
  /** Characters in one string built by a function or `&`. */
  maxStringChars: number;
}

/** Error codes jsonata raises for its `sequence` option (range too long, sequence too long). */
const SEQUENCE_CODES = new Set(['D2014', 'D2015']);

export function sizeLimitMessage(code: unknown, limits: SizeLimits): string | null {
  if (typeof code !== 'string' || !SEQUENCE_CODES.has(code)) return null;
  return `a range or sequence has more than the ${limits.maxSequence} items an expression may build`;
}

interface ExprNode {
  type?: string;
  value?: unknown;
  position?: number;
}

/** Installs the check on the values functions and `&` return. */
export function guardSizes(expression: jsonata.Expression, limits: SizeLimits): void {
  const exit = (expr: ExprNode, _input: unknown, _env: unknown, result: unknown): void => {
    const built = expr.type === 'function' || expr.type === 'apply' || expr.type === 'partial' || (expr.type === 'binary' && expr.value === '&');
    if (!built) return;
    if (typeof result === 'string' && result.length > limits.maxStringChars)
      throw { position: expr.position, message: `a computed text of ${result.length} characters is longer than the ${limits.maxStringChars} an expression may build` };
    if (Array.isArray(result) && result.length > limits.maxSequence)
      throw { position: expr.position, message: `a computed list of ${result.length} items is longer than the ${limits.maxSequence} an expression may build` };
  };
  expression.assign(Symbol.for('jsonata.__evaluate_exit') as unknown as string, exit);
}
