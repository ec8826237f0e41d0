/**
 * Splits `Hello {{ contact.name }}!` into literal text and JSONata parts. A minimal scanner kept
 * here so the engine does not depend on the editor-facing validator; it tracks string literals and
 * braces so `{{ {"a": {"b": 1}} }}` and `{{ "}}" }}` parse as users mean.
 */
export type TemplatePart = { kind: 'text'; text: string } | { kind: 'expr'; source: string; offset: number };

export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

function findClose(src: string, from: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0 && src[i + 1] === '}') return i;
      depth = Math.max(0, depth - 1);
    }
  }
  return -1;
}

export function parseTemplateParts(src: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let pos = 0;
  while (pos < src.length) {
    const open = src.indexOf('{{', pos);
    if (open < 0) break;
    if (open > pos) parts.push({ kind: 'text', text: src.slice(pos, open) });
    const close = findClose(src, open + 2);
    if (close < 0) throw new TemplateSyntaxError(`unclosed "{{" at character ${open + 1}`, open);
    const source = src.slice(open + 2, close).trim();
    if (source.length === 0) throw new TemplateSyntaxError(`empty "{{ }}" at character ${open + 1}`, open);
    parts.push({ kind: 'expr', source, offset: open });
    pos = close + 2;
  }
  if (pos < src.length) parts.push({ kind: 'text', text: src.slice(pos) });
  return parts;
}
