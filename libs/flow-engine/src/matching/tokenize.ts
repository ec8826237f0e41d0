import { foldCase } from './fold';

// Fast path for the common case (plain words, BMP symbols): a word is letters/marks/digits/apostrophes,
// any other symbol (`$`, `★`) is a token of its own, everything else separates.
// A combining mark with no letter before it is dropped: it cannot be typed on purpose and folds to nothing.
export const SIMPLE_TOKENS = /[\p{L}\p{N}'][\p{L}\p{M}\p{N}']*|\p{S}/gu;
// Emoji sequences (skin tones, ZWJ families, flags, keycaps) span several code points: those texts go
// through the grapheme segmenter so each emoji stays one token.
const NEEDS_GRAPHEMES = /[\ud800-\udfff]|\ufe0e|\ufe0f|\u20e3|\u200d/;
const WORD_START = /^[\p{L}\p{N}']/u;
const EMOJI_PART = /[\ufe0f\u20e3\u200d\p{Extended_Pictographic}\p{Regional_Indicator}]/u;
const SYMBOL = /\p{S}/u;
const FORMAT_CHARS = /\p{Cf}/gu;

let segmenter: Intl.Segmenter | undefined;

/**
 * Splits text into the tokens every match mode compares: NFKC + case folded words (letters, marks,
 * digits and inner apostrophes) and one token per symbol or emoji. Whitespace and punctuation separate
 * and disappear: `tokenize("join,please")` → `["join", "please"]`, `tokenize("Stop.")` → `["stop"]`,
 * `tokenize("ok👍🏾!")` → `["ok", "👍🏾"]`. Apostrophes at a word's edge are quotes, not part of it.
 */
export function tokenize(text: string): string[] {
  return tokenizeFolded(foldCase(text));
}

/** `tokenize` for text that is already NFKC + case folded. */
export function tokenizeFolded(folded: string): string[] {
  if (isAscii(folded)) return tokenizeAscii(folded);
  const tokens: string[] = [];
  if (!NEEDS_GRAPHEMES.test(folded)) {
    for (const m of folded.matchAll(SIMPLE_TOKENS)) pushToken(tokens, m[0]);
    return tokens;
  }
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let word = '';
  for (const { segment } of segmenter.segment(folded)) {
    const isWordPart = WORD_START.test(segment) && !EMOJI_PART.test(segment) && !SYMBOL.test(segment);
    if (isWordPart) {
      word += segment;
      continue;
    }
    if (word) pushToken(tokens, word.replace(FORMAT_CHARS, ''));
    word = '';
    if (EMOJI_PART.test(segment) || SYMBOL.test(segment)) tokens.push(segment);
  }
  if (word) pushToken(tokens, word.replace(FORMAT_CHARS, ''));
  return tokens;
}

function pushToken(tokens: string[], raw: string): void {
  let start = 0;
  let end = raw.length;
  while (start < end && raw.charCodeAt(start) === 39) start++;
  while (end > start && raw.charCodeAt(end - 1) === 39) end--;
  if (end > start) tokens.push(start === 0 && end === raw.length ? raw : raw.slice(start, end));
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

// ASCII symbols (Unicode category S); every other non-alphanumeric ASCII character separates.
const ASCII_SYMBOLS = new Set([0x24, 0x2b, 0x3c, 0x3d, 0x3e, 0x5e, 0x60, 0x7c, 0x7e]);

/** Most SMS are plain ASCII: a char-code scan gives the same tokens as the regex without its allocations. */
function tokenizeAscii(s: string): string[] {
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 0x20;
    const isWord = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || c === 0x27;
    if (isWord) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) pushToken(tokens, s.slice(start, i));
    start = -1;
    if (ASCII_SYMBOLS.has(c)) tokens.push(s[i]!);
  }
  return tokens;
}
