// The provider-neutral shapes every normaliser produces, and the helpers they share.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { normalizeAddress } from '../phone-number';
import { PayloadError, type RawParams } from '../payload-error';

export interface ConcatInfo {
  /** Reference shared by all parts of one long message (per sender). */
  ref: string;
  total: number;
  /** 1-based. */
  part: number;
}

export interface InboundMessage {
  providerMessageId: string;
  /** E.164, short code or alphanumeric sender, normalised by normalizeAddress. */
  from: string;
  to: string;
  text: string;
  /** ISO-8601 UTC, when the provider says when it received the message. */
  receivedAt?: string;
  segments?: number;
  concat?: ConcatInfo;
  /** Provider ids of every part once a concatenated message has been reassembled. */
  partIds?: string[];
  /**
   * A part (`concat` set) whose text can only be decoded once joined: its payload bytes as they
   * came off the wire (SMPP, where a GSM escape or a UTF-16 surrogate pair may be split across
   * parts). The inbox stores them with the part and decodes the joined bytes.
   */
  partBytes?: { base64: string; dataCoding: number };
  /**
   * Other provider ids under which this same message may already be stored on the channel (a
   * redelivery dedupe window that spans two id buckets): if one is, this one is a duplicate.
   */
  dedupeAliases?: string[];
  raw: unknown;
}

/** 'sent' means accepted by the provider or carrier with no final outcome yet. */
export type DeliveryStatus = 'delivered' | 'undelivered' | 'failed' | 'sent';

export interface DeliveryReport {
  providerMessageId: string;
  status: DeliveryStatus;
  /** The provider's own status word, kept for the run log. */
  providerStatus: string;
  errorCode?: string;
  raw: unknown;
}

export interface NormalizeOptions {
  /** The channel's default region, for numbers sent without a country code. */
  defaultRegion?: string;
}

/** The recipient of an MO: a phone number, short code or alphanumeric sender (see normalizeInbound). */
export function normalizeParty(value: string, options: NormalizeOptions | undefined, field: string): string {
  return normalizeInbound(value, options, field).value;
}

/** The sender of an MO: a phone number or short code. A name ("abc") cannot be answered and is refused. */
export function normalizeSender(value: string, options: NormalizeOptions | undefined, field: string): string {
  const address = normalizeInbound(value, options, field);
  if (address.kind === 'alphanumeric') throw new PayloadError(field, `"${value}" is not a phone number or short code: an inbound message must come from one`);
  return address.value;
}

/**
 * Like normalizeAddress, but a number in national format ("07700 900123", "(415) 555-0100") on a
 * channel without `defaultRegion` is refused, naming the fix, instead of being guessed as
 * international (where "0…" fails and "(415)…" could become a Swiss number). Digits without a
 * trunk prefix ("447700900123", as Vonage and SMPP send them) stay international.
 */
function normalizeInbound(value: string, options: NormalizeOptions | undefined, field: string) {
  if (!options?.defaultRegion && typeof value === 'string' && looksNational(value)) {
    throw new PayloadError(field, `"${value}" is a national-format number and the channel has no defaultRegion to read it with: ` +
      'set the channel\'s defaultRegion (e.g. "GB") or have the provider send numbers in international format');
  }
  return normalizeAddress(value, options?.defaultRegion, field);
}

function looksNational(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.startsWith('+') || trimmed.startsWith('00')) return false;
  const compact = trimmed.replace(/[\s().\-/]/g, '');
  if (!/^\d{9,}$/.test(compact)) return false; // short codes (3–8 digits) and names are not numbers in national format
  return compact.startsWith('0') || /[()]/.test(trimmed);
}

/** Constant-time string comparison that does not throw on a length mismatch. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    // Still spend the comparison so a length probe costs the same as a content probe.
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

export function hmacHex(algorithm: string, secret: string, data: string): string {
  return createHmac(algorithm, secret).update(data, 'utf8').digest('hex');
}

/** Error codes of "no error" ("0", "000", "") are dropped so callers can test errorCode's presence. */
export function meaningfulErrorCode(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const code = String(value).trim();
  return code === '' || /^0+$/.test(code) ? undefined : code;
}

/** Flattens form/query params where a repeated key arrives as an array: the last value wins. */
export function singleValue(params: RawParams, key: string): unknown {
  const value = params[key];
  return Array.isArray(value) ? value[value.length - 1] : value;
}
