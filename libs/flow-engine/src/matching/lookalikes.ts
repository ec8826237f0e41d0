/**
 * Characters that render like a Latin letter. Keys are lower case because folding runs after case
 * folding; the mapping follows the upper-case glyph (Cyrillic "Н" looks like "H", so "н" → "h";
 * Greek "Ν" looks like "N", so "ν" → "n") since users type either case.
 * Full-width and mathematical letters are not listed: NFKC already maps them to ASCII.
 */
const LOOKALIKE_PAIRS: readonly (readonly [string, string])[] = [
  // Cyrillic
  ['а', 'a'], ['в', 'b'], ['е', 'e'], ['ё', 'e'], ['к', 'k'], ['м', 'm'], ['н', 'h'], ['о', 'o'],
  ['р', 'p'], ['с', 'c'], ['т', 't'], ['у', 'y'], ['х', 'x'], ['і', 'i'], ['ї', 'i'], ['ј', 'j'],
  ['ѕ', 's'], ['ԁ', 'd'], ['ԛ', 'q'], ['ԝ', 'w'], ['һ', 'h'], ['ӏ', 'l'], ['ɡ', 'g'], ['ү', 'y'],
  // Greek
  ['α', 'a'], ['β', 'b'], ['ε', 'e'], ['ζ', 'z'], ['η', 'h'], ['ι', 'i'], ['κ', 'k'], ['μ', 'm'],
  ['ν', 'n'], ['ο', 'o'], ['ρ', 'p'], ['τ', 't'], ['υ', 'y'], ['χ', 'x'], ['ϲ', 'c'], ['ϳ', 'j'],
  // Latin letters people use as stand-ins
  ['ı', 'i'], ['ɩ', 'i'], ['ʟ', 'l'], ['ɴ', 'n'], ['ʀ', 'r'],
];

export const LOOKALIKES: ReadonlyMap<string, string> = new Map(LOOKALIKE_PAIRS);

/** Letters that NFD does not decompose but readers see as accented Latin letters. */
export const ACCENT_EXTRAS: ReadonlyMap<string, string> = new Map([
  ['ł', 'l'], ['ø', 'o'], ['đ', 'd'], ['ð', 'd'], ['ħ', 'h'], ['ŧ', 't'], ['ı', 'i'],
  ['æ', 'ae'], ['œ', 'oe'], ['þ', 'th'], ['ŀ', 'l'],
]);

export const LOOKALIKE_CHARS = /[\u0370-\u03ff\u0400-\u04ff\u0500-\u052f\u0131\u0261\u0269\u0280\u029f\u0274]/u;
