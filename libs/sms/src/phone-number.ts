// Address normalisation for MO senders/recipients and channel numbers. Short codes and alphanumeric
// senders are classified before any phone parsing, because libphonenumber would happily turn the
// short code "12345" into a (wrong) national number.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { PayloadError } from './payload-error';

export type AddressKind = 'e164' | 'short_code' | 'alphanumeric';

export interface NormalizedAddress {
  kind: AddressKind;
  value: string;
  /** ISO 3166 alpha-2 region of an E.164 number when libphonenumber can tell it. */
  country?: string;
}

const SHORT_CODE = /^\d{3,8}$/;
// GSM alphanumeric sender IDs: up to 11 characters, at least one letter (else it is a number).
const ALPHANUMERIC = /^(?=.*[A-Za-z])[A-Za-z0-9 ._&'-]{1,11}$/;
const PHONE_PUNCTUATION = /[\s().\-/]/g;

function parsePossible(text: string, region: CountryCode | undefined): NormalizedAddress | null {
  const parsed = parsePhoneNumberFromString(text, region);
  if (!parsed?.isPossible()) return null;
  return parsed.country
    ? { kind: 'e164', value: parsed.number, country: parsed.country }
    : { kind: 'e164', value: parsed.number };
}

/**
 * Normalises a raw address from a provider or a form. Providers disagree on format: Twilio sends
 * "+14155550100", Vonage and SMPP send "14155550100" without the plus, users type "(415) 555-0100".
 * A digits-only value that is not a possible national number of `defaultRegion` is retried as an
 * international number, which is how Vonage-style MSISDNs become E.164.
 * Throws PayloadError naming `field` when the value is none of the three kinds.
 */
/** Numbers already parsed (every MO parses its sender and recipient; contacts text again and again). */
const parsed = new Map<string, Readonly<NormalizedAddress>>();
const PARSED_LIMIT = 50_000;

export function normalizeAddress(raw: string, defaultRegion?: string, field = 'address'): NormalizedAddress {
  const key = typeof raw === 'string' ? `${defaultRegion ?? ''}|${raw}` : null;
  const known = key === null ? undefined : parsed.get(key);
  if (known) return { ...known };
  const result = parseAddress(raw, defaultRegion, field);
  if (parsed.size >= PARSED_LIMIT) parsed.clear();
  parsed.set(key!, Object.freeze({ ...result }));
  return result;
}

function parseAddress(raw: string, defaultRegion: string | undefined, field: string): NormalizedAddress {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new PayloadError(field, 'is required (a phone number, short code or alphanumeric sender)');
  }
  const trimmed = raw.trim();
  const compact = trimmed.replace(PHONE_PUNCTUATION, '');
  if (SHORT_CODE.test(compact)) return { kind: 'short_code', value: compact };
  if (ALPHANUMERIC.test(trimmed) && !/^\+?[\d\s().\-/]+$/.test(trimmed)) {
    return { kind: 'alphanumeric', value: trimmed };
  }
  const region = defaultRegion ? (defaultRegion.toUpperCase() as CountryCode) : undefined;
  const withPrefix = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  const result =
    parsePossible(withPrefix, region) ??
    (/^\d+$/.test(withPrefix) ? parsePossible(`+${withPrefix}`, undefined) : null);
  if (!result) {
    throw new PayloadError(field, `"${raw}" is not a valid phone number, short code or alphanumeric sender`);
  }
  return result;
}

/**
 * Masks a number for logs: keeps the country code and a few leading digits (enough to see the
 * operator/region while debugging) and the last three, e.g. "+447700900123" → "+44770****123".
 * Alphanumeric senders are brand names, not personal data, and are returned as is.
 */
export function maskPhone(value: string): string {
  if (!/^\+?\d+$/.test(value)) return value;
  const plus = value.startsWith('+') ? '+' : '';
  const digits = plus ? value.slice(1) : value;
  if (digits.length <= 8) return plus + digits.slice(0, 1) + '*'.repeat(Math.max(digits.length - 3, 0)) + digits.slice(-2);
  const keepStart = 5;
  const keepEnd = 3;
  return plus + digits.slice(0, keepStart) + '*'.repeat(digits.length - keepStart - keepEnd) + digits.slice(-keepEnd);
}
