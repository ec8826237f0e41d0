import { foldCase } from './fold';

// One token per match. Emoji sequences come first so a keycap digit (1️⃣) or a flag is not read as a
// word: regional-indicator pairs (flags), keycaps, then a pictograph or symbol with its modifiers,
// variation selectors and tag characters (🏴 subdivision flags), ZWJ-joined to the next (👨‍👩‍👧).
// A word is letters/digits/apostrophes with their combining marks; ZWJ/ZWNJ inside a word are kept
// here and removed below. A combining mark with no letter before it cannot be typed on purpose: dropped.
// Everything else (whitespace, punctuation, controls) separates. This follows Intl.Segmenter's grapheme
// clusters for these cases (tokenize.spec.ts checks it against the segmenter) at a fraction of its cost.
const EMOJI_UNIT = String.raw`(?:\p{Extended_Pictographic}|\p{S})(?:\p{Emoji_Modifier}|[\u{e0020}-\u{e007f}]|\ufe0f|\ufe0e|\u20e3)*`;
const TOKEN = new RegExp(
  [
    String.raw`\p{Regional_Indicator}{1,2}`,
    String.raw`[#*0-9]\ufe0f?\u20e3`,
    `${EMOJI_UNIT}(?:\\u200d${EMOJI_UNIT})*`,
    String.raw`(?:(?![#*0-9]\ufe0f?\u20e3)[\p{L}\p{N}'](?:(?!\ufe0f|\ufe0e|\u20e3)\p{M}|\u200d|\u200c)*)+`,
  ].join('|'),
  'gu',
);
const JOINERS = /\u200d|\u200c/g;
const WORD_START = /^[\p{L}\p{N}']/u;

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
  return isAscii(folded) ? tokenizeAscii(folded) : tokenizeGeneral(folded);
}

function pushWord(tokens: string[], raw: string): void {
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
    if (start >= 0) pushWord(tokens, s.slice(start, i));
    start = -1;
    if (ASCII_SYMBOLS.has(c)) tokens.push(s[i]!);
  }
  return tokens;
}

/** The general tokenizer, exported so tests can prove the ASCII scan agrees with it. */
export function tokenizeGeneral(folded: string): string[] {
  const tokens: string[] = [];
  for (const m of folded.matchAll(TOKEN)) {
    const t = m[0];
    if (!WORD_START.test(t) || t.includes('\u20e3')) tokens.push(t);
    else pushWord(tokens, t.includes('\u200d') || t.includes('\u200c') ? t.replace(JOINERS, '') : t);
  }
  return tokens;
}
