/**
 * Masks E.164-like numbers (+ and 8-15 digits, spaces/dashes allowed) in a log line, keeping the
 * country-ish prefix and the last two digits so ops can still correlate: +4479****45.
 */
const PHONE = /\+\d[\d\s-]{6,18}\d/g;

export function maskPhones(text: string): string {
  return text.replace(PHONE, (match) => {
    const digits = match.replace(/\D/g, '');
    if (digits.length < 8 || digits.length > 15) return match;
    return `+${digits.slice(0, 4)}${'*'.repeat(digits.length - 6)}${digits.slice(-2)}`;
  });
}
