/**
 * The longest inbound text Moflow accepts. A 10-part concatenated SMS carries 1,530 GSM-7
 * characters (670 in UCS-2); hosts configure the limit with a margin above that (MO_TEXT_MAX_CHARS,
 * 2,000 by default). Anything longer is not an SMS a phone sent: refusing it keeps hostile texts
 * from feeding every matcher and expression downstream.
 */
export const DEFAULT_MO_TEXT_MAX_CHARS = 2000;

/** Characters (Unicode code points) in `text` when there are more than `max`, else null. */
export function moTextOverLimit(text: string, max: number): number | null {
  if (text.length <= max) return null; // UTF-16 units ≥ code points: cannot be over
  let count = 0;
  for (const _ of text) count++;
  return count > max ? count : null;
}
