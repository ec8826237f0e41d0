// smpp ships no types. Every file of this lib that imports 'smpp' also imports this one, so this
// reference pulls the declaration into any program that reads our sources (apps, e2e).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./smpp.d.ts" />
// Bytes on the SMPP wire: data_coding, UDH concatenation headers, and recovering the exact
// short_message bytes from what the `smpp` package hands us.
import { concatUdh, fromGsm7Bytes, fromUcs2Bytes, parseConcatUdh, splitText, toGsm7Bytes, toUcs2Bytes, type UdhConcat } from '@moflow/sms';
import * as smpp from 'smpp';

export const DATA_CODING = { GSM7: 0x00, IA5: 0x01, LATIN1: 0x03, UCS2: 0x08 } as const;
export const ESM_UDHI = 0x40;

/** Where a part sits in a concatenated message; `part` is 1-based. */
export type ConcatRef = Pick<UdhConcat, 'ref' | 'total' | 'part'>;

export interface EncodedSubmit {
  dataCoding: number;
  esmClass: number;
  /** short_message of each submit_sm, UDH included for multipart messages. */
  parts: Buffer[];
}

/** Splits with @moflow/sms (153 septets / 67 UCS-2 units per part, never splitting an escape or a
 * surrogate pair) and prefixes each part with a 6-byte concatenation UDH (IEI 0x00, 8-bit ref). */
export function encodeForSubmit(text: string, ref: number): EncodedSubmit {
  const split = splitText(text);
  const gsm = split.encoding === 'GSM-7';
  const encode = (s: string) => Buffer.from(gsm ? toGsm7Bytes(s) : toUcs2Bytes(s));
  const dataCoding = gsm ? DATA_CODING.GSM7 : DATA_CODING.UCS2;
  if (split.parts.length === 1) return { dataCoding, esmClass: 0, parts: [encode(split.parts[0] ?? '')] };
  const total = split.parts.length;
  if (total > 255) throw new RangeError(`text: needs ${total} parts, SMS concatenation allows at most 255`);
  const parts = split.parts.map((p, i) => Buffer.concat([concatUdh(ref & 0xff, total, i + 1), encode(p)]));
  return { dataCoding, esmClass: ESM_UDHI, parts };
}

/** The `smpp` package hands the UDH over as its information elements; rebuild the header bytes
 * (UDHL first) so @moflow/sms can read them. */
export function udhBytes(elements: Buffer[]): Buffer {
  return Buffer.concat([Buffer.from([elements.reduce((n, e) => n + e.length, 0)]), ...elements]);
}

/** The concatenation element of a UDH (8- or 16-bit reference), or undefined when it has none.
 * Throws PayloadError from @moflow/sms for a malformed header. */
export function concatOf(udh: Buffer): ConcatRef | undefined {
  const c = parseConcatUdh(udh);
  return c ? { ref: c.ref, total: c.total, part: c.part } : undefined;
}

/**
 * The `smpp` package decodes short_message with its own tables. Re-encoding with the same table
 * gives back the wire bytes (its GSM, Latin-1 and UTF-16BE codecs round-trip), which we need
 * because a character may be split across concatenated parts: an escape or a surrogate pair can
 * only be decoded once the parts' bytes are joined.
 */
export function wireBytes(value: unknown, dataCoding: number): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === 'string') return Buffer.from(value, 'latin1');
  const message = (value as smpp.DecodedMessage | undefined)?.message;
  if (message === undefined) return Buffer.alloc(0);
  if (Buffer.isBuffer(message)) return message;
  const codec = smpp.encodings[packageEncodingName(dataCoding)];
  if (!codec) throw new RangeError(`data_coding ${dataCoding} is not supported`);
  return codec.encode(message);
}

/** Mirrors the package's choice of codec for a data_coding (it looks at the low nibble). */
function packageEncodingName(dataCoding: number): string {
  const nibble = dataCoding & 0x0f;
  if (nibble === 0) return 'ASCII';
  const entry = Object.entries(smpp.consts.ENCODING).find(([, v]) => v === nibble);
  return entry?.[0] ?? `unknown-${nibble}`;
}

/** Decodes the joined payload bytes of a message. Throws RangeError for an alphabet we cannot read. */
export function decodeText(bytes: Buffer, dataCoding: number): string {
  if (dataCoding === DATA_CODING.GSM7 || (dataCoding & 0xf4) === 0xf0) return fromGsm7Bytes(bytes);
  if (dataCoding === DATA_CODING.UCS2) return fromUcs2Bytes(bytes);
  if (dataCoding === DATA_CODING.LATIN1) return bytes.toString('latin1');
  if (dataCoding === DATA_CODING.IA5) return bytes.toString('ascii');
  throw new RangeError(`data_coding ${dataCoding} is not a text alphabet we read (0, 1, 3, 8)`);
}
