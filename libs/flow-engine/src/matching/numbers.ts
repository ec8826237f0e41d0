export interface ExtractedNumber {
  value: number;
  /** Canonical text of the value ("3.5" for "3,5"). */
  text: string;
}

// An optional minus (ASCII, Unicode minus, en dash), digits of any script, then separated digit groups.
// The lookbehind rejects digits glued to a letter: "A12" is an order reference, not a reply number.
const NUMBER = /(?<![\p{L}\p{N}\p{M}])[-\u2212\u2013]?\p{Nd}+(?:[.,]\p{Nd}+)*/gu;
const DIGIT = /\p{Nd}/u;

/**
 * The first number in a message, as people type it in a reply: "3", "3.5", "3,5" (decimal comma),
 * "-2", "4 stars", "1,000", "12,345" and "1,000.50" (a comma followed by groups of exactly three digits is a
 * thousands separator), "①" and full-width "３" (NFKC, applied by the caller, makes them plain digits),
 * and decimal digits of any script ("٣"). Pass NFKC text.
 */
export function extractNumber(nfkcText: string): ExtractedNumber | undefined {
  for (const m of nfkcText.matchAll(NUMBER)) {
    const parsed = parseNumber(m[0]);
    if (parsed) return parsed;
  }
  return undefined;
}

function parseNumber(raw: string): ExtractedNumber | undefined {
  const negative = !DIGIT.test(raw[0] ?? '');
  const body = toAsciiDigits(negative ? raw.slice(1) : raw);
  const groups = body.split(/[.,]/);
  const head = groups[0] ?? '';
  const isThousands = /^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/.test(body);
  // One separator is a decimal point or comma ("3,5"); several make a list or a date ("1,2,3",
  // "12.05.2024"), whose first group is the number the person typed first.
  const digits = isThousands ? body.replace(/,/g, '') : groups.length === 2 ? `${head}.${groups[1] ?? ''}` : head;
  const magnitude = Number(digits);
  if (!Number.isFinite(magnitude)) return undefined;
  const value = negative && magnitude !== 0 ? -magnitude : magnitude;
  return { value, text: String(value) };
}

/** Unicode guarantees decimal digits come in contiguous runs 0..9, so a digit's value is its offset in its run. */
function toAsciiDigits(s: string): string {
  if (/^[\d.,]*$/.test(s)) return s;
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (!DIGIT.test(ch) || (cp >= 48 && cp <= 57)) {
      out += ch;
      continue;
    }
    let start = cp;
    while (start > 0 && DIGIT.test(String.fromCodePoint(start - 1))) start--;
    out += String((cp - start) % 10);
  }
  return out;
}
