import { ACCENT_EXTRAS, LOOKALIKES, LOOKALIKE_CHARS } from './lookalikes';

// Invisible characters people (and some phones) slip into words; they would split or hide keywords.
// ZWJ (U+200D) is kept here because it glues emoji sequences; the tokenizer drops it inside words.
const IGNORABLES = /[\u00ad\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
// Curly and modifier apostrophes all mean "'" ("don’t" typed on a phone keyboard).
const APOSTROPHES = /[\u2018\u2019\u02bc\u2032\uff07]/g;
const NON_ASCII = /[\u0080-\uffff]/;
const MARKS = /\p{M}+/gu;
const MARK = /\p{M}/u;
// Emoji carry marks of their own (VS16, the keycap); stripping them would turn "1️⃣" into "1".
const EMOJI = /\ufe0f|\u20e3|\u200d|\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
// Skin tones and text/emoji presentation selectors are to an emoji what accents are to a letter.
const EMOJI_VARIANTS = /[\u{1f3fb}-\u{1f3ff}]|\ufe0e|\ufe0f/gu;
const HAS_EMOJI_VARIANT = /[\u{1f3fb}-\u{1f3ff}]|\ufe0e|\ufe0f/u;

/**
 * NFKC then locale-independent case folding. NFKC maps full-width and mathematical letters, ligatures
 * and circled digits to plain ones. `toLowerCase` (never `toLocaleLowerCase`) gives the same result on
 * every server; the replacements add the full case foldings it lacks (ß → ss, final sigma) and turn the
 * Turkish capital dotted İ ("i" + U+0307 after lowering) into a plain "i".
 */
export function foldCase(text: string): string {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  let s = text.normalize('NFKC').replace(IGNORABLES, '').replace(APOSTROPHES, "'").toLowerCase();
  if (/ß|ς|\u0307/.test(s)) s = s.replace(/ß/g, 'ss').replace(/ς/g, 'σ').replace(/i\u0307/g, 'i');
  return s;
}

/** Accent and look-alike folding of one token that is already case folded. */
export function foldToken(token: string, foldAccents: boolean, foldLookalikes: boolean): string {
  if (!NON_ASCII.test(token)) return token;
  if (EMOJI.test(token) || HAS_EMOJI_VARIANT.test(token)) return foldAccents ? token.replace(EMOJI_VARIANTS, '') || token : token;
  let s = token;
  if (foldAccents) s = mapChars(s.normalize('NFD').replace(MARKS, ''), ACCENT_EXTRAS, false);
  if (foldLookalikes && LOOKALIKE_CHARS.test(s)) s = mapChars(s.normalize('NFD'), LOOKALIKES, true);
  return s === token ? s : s.normalize('NFC');
}

/**
 * Replaces characters through `table`. With `dropMarksAfterMapped`, marks on a replaced letter go too:
 * a Greek "ό" is an "o" to a reader whether or not accents are folded.
 */
function mapChars(s: string, table: ReadonlyMap<string, string>, dropMarksAfterMapped: boolean): string {
  let out = '';
  let changed = false;
  let dropping = false;
  for (const ch of s) {
    if (dropping && MARK.test(ch)) continue;
    const mapped = table.get(ch);
    dropping = dropMarksAfterMapped && mapped !== undefined;
    if (mapped !== undefined) changed = true;
    out += mapped ?? ch;
  }
  return changed ? out : s;
}

export function hasNonAscii(s: string): boolean {
  return NON_ASCII.test(s);
}
