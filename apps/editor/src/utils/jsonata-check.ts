/**
 * JSONata in the browser: compile to find syntax errors (with the character position to underline)
 * and evaluate against a sample context for the live value shown under expression fields.
 */
import jsonata from 'jsonata';

export type ExpressionCheck = { ok: true } | { ok: false; message: string; position: number };

interface JsonataError { message?: string; position?: number; token?: string }

export function checkExpression(expression: string): ExpressionCheck {
  try {
    jsonata(expression);
    return { ok: true };
  } catch (e) {
    const err = e as JsonataError;
    // JSONata reports the position *after* the offending token; point at its first character.
    const end = typeof err.position === 'number' ? err.position : expression.length;
    const start = Math.max(0, end - (err.token?.length ?? 1));
    return { ok: false, message: err.message ?? String(e), position: Math.min(start, Math.max(0, expression.length - 1)) };
  }
}

export interface TemplatePart { expression: string; start: number; end: number }

/** The `{{ expr }}` parts of a template with the offset of each expression inside the template text. */
export function templateParts(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const re = /\{\{([\s\S]*?)\}\}/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const inner = m[1] ?? '';
    parts.push({ expression: inner, start: m.index + 2, end: m.index + 2 + inner.length });
  }
  return parts;
}

export function checkTemplate(text: string): ExpressionCheck {
  const opens = (text.match(/\{\{/g) ?? []).length;
  const closes = (text.match(/\}\}/g) ?? []).length;
  if (opens !== closes) return { ok: false, message: 'unbalanced "{{" and "}}"', position: Math.max(0, text.lastIndexOf('{{')) };
  for (const part of templateParts(text)) {
    if (part.expression.trim() === '') return { ok: false, message: 'empty {{ }} placeholder', position: part.start };
    const r = checkExpression(part.expression);
    if (!r.ok) return { ok: false, message: r.message, position: part.start + r.position };
  }
  return { ok: true };
}

export type EvalResult = { ok: true; value: unknown } | { ok: false; message: string };

/** Evaluates with a time bound so a runaway expression cannot freeze the page. */
export async function evaluateExpression(expression: string, context: unknown, timeoutMs = 500): Promise<EvalResult> {
  try {
    const compiled = jsonata(expression);
    const value = await Promise.race([
      compiled.evaluate(context),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`took longer than ${timeoutMs} ms`)), timeoutMs)),
    ]);
    return { ok: true, value };
  } catch (e) {
    return { ok: false, message: (e as JsonataError).message ?? String(e) };
  }
}

export async function renderTemplate(text: string, context: unknown): Promise<EvalResult> {
  let out = '';
  let last = 0;
  for (const part of templateParts(text)) {
    out += text.slice(last, part.start - 2);
    const r = await evaluateExpression(part.expression, context);
    if (!r.ok) return r;
    out += r.value === undefined || r.value === null ? '' : typeof r.value === 'object' ? JSON.stringify(r.value) : String(r.value);
    last = part.end + 2;
  }
  return { ok: true, value: out + text.slice(last) };
}

/** The context expressions see, filled with plausible sample values for live previews. */
export const sampleContext = {
  message: { text: 'JOIN', from: '+15551230001', to: '12345', channel: 'default', receivedAt: '2026-01-01T10:00:00Z' },
  contact: { phone: '+15551230001', name: 'Ada', fields: { city: 'London', orderId: 'A-1001' }, subscriptions: ['newsletter'] },
  vars: { reply: 'YES', rating: 5, order: { status: 'shipped', eta: 'Friday' }, ticketId: 'T-42' },
  trigger: { keyword: 'JOIN', parameters: {} },
  run: { id: 'run_sample', flowId: 'flow_sample', startedAt: '2026-01-01T10:00:00Z' },
};
