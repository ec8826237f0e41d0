import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTemplate } from './template';

// Literal text without "{{" (there is no escape for it); may contain single braces and "}}".
const literal = fc.string({ maxLength: 12 }).filter((s) => !s.includes('{{') && !s.endsWith('{'));
const expression = fc.constantFrom('contact.name', 'vars.x + 1', '"}}"', "$uppercase('a')", 'a ? b : c', '{"k": 1}.k');
const padding = fc.constantFrom('', ' ', '  ');

describe('parseTemplate (properties)', () => {
  it('parts tile the text exactly and give back the expressions written', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(literal, expression, padding), { maxLength: 5 }), literal, (chunks, tail) => {
        const text = chunks.map(([lit, expr, pad]) => `${lit}{{${pad}${expr}${pad}}}`).join('') + tail;
        const r = parseTemplate(text);
        expect(r.ok).toBe(true);
        expect(r.parts.map((p) => text.slice(p.start, p.end)).join('')).toBe(text);
        const exprs = r.parts.flatMap((p) => (p.kind === 'expression' ? [p.expression] : []));
        expect(exprs).toEqual(chunks.map(([, e]) => e));
        for (const p of r.parts)
          if (p.kind === 'expression') expect(text.slice(p.expressionStart, p.expressionStart + p.expression.length)).toBe(p.expression);
      }),
    );
  });

  it('an unclosed "{{" is always reported at its own offset', () => {
    fc.assert(
      fc.property(literal, fc.string({ maxLength: 10 }).filter((s) => !s.includes('}') && !/["'`]/.test(s)), (before, after) => {
        const text = `${before}{{${after}`;
        const r = parseTemplate(text);
        expect(r.ok).toBe(false);
        expect(!r.ok && r.error.offset).toBe(before.length);
      }),
    );
  });
});
