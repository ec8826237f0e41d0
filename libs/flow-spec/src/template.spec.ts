import { describe, expect, it } from 'vitest';
import { parseTemplate } from './template';

describe('parseTemplate', () => {
  it('splits literals and placeholders with offsets', () => {
    const text = 'Hi {{ contact.name }}, order {{vars.id}}!';
    const r = parseTemplate(text);
    expect(r.ok).toBe(true);
    expect(r.parts).toEqual([
      { kind: 'literal', text: 'Hi ', start: 0, end: 3 },
      { kind: 'expression', expression: 'contact.name', start: 3, end: 21, expressionStart: 6 },
      { kind: 'literal', text: ', order ', start: 21, end: 29 },
      { kind: 'expression', expression: 'vars.id', start: 29, end: 40, expressionStart: 31 },
      { kind: 'literal', text: '!', start: 40, end: 41 },
    ]);
    for (const p of r.parts) {
      const slice = text.slice(p.start, p.end);
      if (p.kind === 'literal') expect(slice).toBe(p.text);
      else expect(slice).toMatch(/^\{\{.*\}\}$/);
    }
    const second = r.parts[3];
    expect(second?.kind === 'expression' && text.slice(second.expressionStart, second.expressionStart + 7)).toBe('vars.id');
  });

  it('returns plain text as one literal and the empty string as no parts', () => {
    expect(parseTemplate('Thanks!')).toEqual({ ok: true, parts: [{ kind: 'literal', text: 'Thanks!', start: 0, end: 7 }] });
    expect(parseTemplate('')).toEqual({ ok: true, parts: [] });
  });

  it('does not end a placeholder at "}}" inside a JSONata string', () => {
    const r = parseTemplate(`{{ "a}}b" & '}}' }} end`);
    expect(r.ok).toBe(true);
    expect(r.parts[0]).toMatchObject({ kind: 'expression', expression: `"a}}b" & '}}'` });
    expect(r.parts[1]).toMatchObject({ kind: 'literal', text: ' end' });
  });

  it('does not end a placeholder inside a JSONata object constructor', () => {
    const r = parseTemplate('{{ {"a": {"b": 1}}.a.b }}!');
    expect(r.ok).toBe(true);
    expect(r.parts).toEqual([
      { kind: 'expression', expression: '{"a": {"b": 1}}.a.b', start: 0, end: 25, expressionStart: 3 },
      { kind: 'literal', text: '!', start: 25, end: 26 },
    ]);
  });

  it('keeps a lone "}}" or single braces as literal text', () => {
    const r = parseTemplate('a }} b { c }');
    expect(r).toEqual({ ok: true, parts: [{ kind: 'literal', text: 'a }} b { c }', start: 0, end: 12 }] });
  });

  it('reports an unclosed "{{" with its position', () => {
    const r = parseTemplate('Hello {{ name }} and {{ oops');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toEqual({ offset: 21, message: 'unclosed "{{" at character 22' });
    expect(r.parts.map((p) => p.kind)).toEqual(['literal', 'expression', 'literal']);
  });

  it('reports an empty placeholder', () => {
    const r = parseTemplate('x {{   }} y');
    expect(!r.ok && r.error.message).toBe('empty placeholder "{{ }}" at character 3');
  });
});
