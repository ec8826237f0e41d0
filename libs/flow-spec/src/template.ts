/**
 * `{{ expr }}` templates: split once into literal and expression parts with their offsets, so the
 * validator can point at the exact character of a broken placeholder and the engine can render
 * without re-scanning. There is no escape for a literal "{{": SMS copy never needs one.
 */

export interface TemplateLiteralPart {
  kind: 'literal';
  text: string;
  /** Offset of the first character in the template. */
  start: number;
  end: number;
}

export interface TemplateExpressionPart {
  kind: 'expression';
  /** The JSONata source between the braces, trimmed. */
  expression: string;
  /** Offset of `{{` in the template. */
  start: number;
  /** Offset just after `}}`. */
  end: number;
  /** Offset of the first character of `expression` in the template (for error positions). */
  expressionStart: number;
}

export type TemplatePart = TemplateLiteralPart | TemplateExpressionPart;

export interface TemplateSyntaxError {
  /** Offset of the offending `{{` (0-based). */
  offset: number;
  message: string;
}

export type ParsedTemplate =
  | { ok: true; parts: TemplatePart[] }
  | { ok: false; parts: TemplatePart[]; error: TemplateSyntaxError };

/**
 * Offset of the `}}` closing a placeholder whose body starts at `from`. JSONata string literals and
 * object constructors are skipped, so `{{ "}}" }}` and `{{ {"a": {"b": 1}} }}` parse as users mean
 * (the engine's renderer scans the same way; the two must agree).
 */
function findClose(text: string, from: number): number {
  let quote: string | null = null;
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'" || ch === '`') {
      quote = ch;
    } else if (ch === '{') {
      depth++;
    } else if (ch === '}') {
      if (depth === 0 && text[i + 1] === '}') return i;
      depth = Math.max(0, depth - 1);
    }
  }
  return -1;
}

export function parseTemplate(text: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let pos = 0;
  while (pos < text.length) {
    const open = text.indexOf('{{', pos);
    if (open === -1) break;
    if (open > pos) parts.push({ kind: 'literal', text: text.slice(pos, open), start: pos, end: open });
    const close = findClose(text, open + 2);
    if (close === -1) {
      return { ok: false, parts, error: { offset: open, message: `unclosed "{{" at character ${open + 1}` } };
    }
    const raw = text.slice(open + 2, close);
    const expression = raw.trim();
    if (expression === '') {
      return { ok: false, parts, error: { offset: open, message: `empty placeholder "{{ }}" at character ${open + 1}` } };
    }
    const expressionStart = open + 2 + (raw.length - raw.trimStart().length);
    parts.push({ kind: 'expression', expression, start: open, end: close + 2, expressionStart });
    pos = close + 2;
  }
  if (pos < text.length) parts.push({ kind: 'literal', text: text.slice(pos), start: pos, end: text.length });
  return { ok: true, parts };
}

/** True when the text has at least one placeholder (cheap check for callers that can skip rendering). */
export function hasPlaceholders(text: string): boolean {
  return text.includes('{{');
}
