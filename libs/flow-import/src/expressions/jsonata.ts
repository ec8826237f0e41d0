/** Small helpers shared by the Liquid and RapidPro translators. */
import { quote } from '../names';

/** A dotted JSONata path from segments; segments that are not plain names are back-quoted. */
export function path(...segments: string[]): string {
  return segments.map((s) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? s : `\`${s.replace(/`/g, '')}\``)).join('.');
}

export type Part = { kind: 'text'; text: string } | { kind: 'expr'; expr: string };

/** A source text split into literal text and translated parts, with what could not be translated. */
export interface Parsed {
  parts: Part[];
  untranslated: string[];
}

export interface Translation {
  text: string;
  untranslated: string[];
}

export const asTemplate = (p: Parsed): Translation => ({ text: partsToTemplate(p.parts), untranslated: p.untranslated });
export const asExpression = (p: Parsed): Translation => ({ text: partsToExpression(p.parts), untranslated: p.untranslated });

/** A Moflow template from literal text and JSONata parts. */
export function partsToTemplate(parts: Part[]): string {
  return parts.map((p) => (p.kind === 'text' ? p.text : `{{ ${p.expr} }}`)).join('');
}

/** One JSONata expression from literal text and parts: the part itself, a string, or a concatenation. */
export function partsToExpression(parts: Part[]): string {
  const kept = parts.filter((p) => p.kind === 'expr' || p.text !== '');
  if (kept.length === 0) return '""';
  if (kept.length === 1) return kept[0]!.kind === 'expr' ? kept[0]!.expr : quote(kept[0]!.text);
  return kept.map((p) => (p.kind === 'text' ? quote(p.text) : `(${p.expr})`)).join(' & ');
}

/** The text a case compares: trimmed, lower case, always a string. */
export function normalised(expr: string): string {
  return `$lowercase($trim($string(${expr})))`;
}
