// GSM 03.38 default alphabet and its extension table, plus byte codecs for SMPP data_coding 0 and 8.
// The tables are lookup arrays indexed by UTF-16 code unit so the hot path (segment counting for
// every reply) is a single indexed read per character, with no allocation.

/** The 128 basic septets in septet order; index 0x1B is the escape to the extension table. */
const BASIC_BY_SEPTET =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** Extension characters (escape 0x1B + septet); each costs two septets. */
const EXTENSION_BY_CHAR: ReadonlyArray<readonly [string, number]> = [
  ['\f', 0x0a], ['^', 0x14], ['{', 0x28], ['}', 0x29], ['\\', 0x2f],
  ['[', 0x3c], ['~', 0x3d], [']', 0x3e], ['|', 0x40], ['€', 0x65],
];

export const GSM7_ESCAPE = 0x1b;

/** Basic-table characters (127: the escape septet is not a character). */
export const GSM7_BASIC: ReadonlySet<string> = new Set([...BASIC_BY_SEPTET].filter((c) => c !== '\x1b'));
/** Extension-table characters, each costing two septets. */
export const GSM7_EXTENSION: ReadonlySet<string> = new Set(EXTENSION_BY_CHAR.map(([c]) => c));

/** Septet cost per UTF-16 code unit: 0 = not GSM-7, 1 = basic, 2 = extension. */
export const GSM7_COST = new Uint8Array(0x10000);
/** Septet value per UTF-16 code unit (basic or the part after the escape). */
const SEPTET_OF = new Uint8Array(0x10000);
const BASIC_CHAR_OF_SEPTET: string[] = [...BASIC_BY_SEPTET];
const EXTENSION_CHAR_OF_SEPTET = new Map<number, string>();

for (let septet = 0; septet < BASIC_BY_SEPTET.length; septet++) {
  if (septet === GSM7_ESCAPE) continue;
  const code = BASIC_BY_SEPTET.charCodeAt(septet);
  GSM7_COST[code] = 1;
  SEPTET_OF[code] = septet;
}
for (const [char, septet] of EXTENSION_BY_CHAR) {
  const code = char.charCodeAt(0);
  GSM7_COST[code] = 2;
  SEPTET_OF[code] = septet;
  EXTENSION_CHAR_OF_SEPTET.set(septet, char);
}

/** True when every character of the text is in the GSM-7 basic or extension table. */
export function isGsm7(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (GSM7_COST[text.charCodeAt(i)] === 0) return false;
  }
  return true;
}

/** Septets the text needs in GSM-7, or -1 when it contains a character outside GSM-7. */
export function gsm7Septets(text: string): number {
  let septets = 0;
  for (let i = 0; i < text.length; i++) {
    const cost = GSM7_COST[text.charCodeAt(i)] ?? 0;
    if (cost === 0) return -1;
    septets += cost;
  }
  return septets;
}

/**
 * Unpacked GSM-7: one septet per byte, extension characters as 0x1B + septet. This is what SMPP
 * carries for data_coding 0 on most SMSCs; packing into 7 bits is the SMSC's business.
 */
export function toGsm7Bytes(text: string): Uint8Array {
  const septets = gsm7Septets(text);
  if (septets < 0) {
    const bad = [...text].find((c) => c.length > 1 || GSM7_COST[c.charCodeAt(0)] === 0);
    throw new RangeError(`text: character ${JSON.stringify(bad)} cannot be encoded in GSM-7`);
  }
  const out = new Uint8Array(septets);
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (GSM7_COST[code] === 2) out[o++] = GSM7_ESCAPE;
    out[o++] = SEPTET_OF[code] ?? 0;
  }
  return out;
}

/**
 * Decodes unpacked GSM-7. An unknown extension septet falls back to the basic character, as
 * 3GPP TS 23.038 asks receivers to do; a trailing lone escape is rendered as a space.
 */
export function fromGsm7Bytes(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const septet = (bytes[i] ?? 0) & 0x7f;
    if (septet === GSM7_ESCAPE) {
      const next = bytes[i + 1];
      if (next === undefined) {
        out += ' ';
        break;
      }
      i++;
      const ext = next & 0x7f;
      out += EXTENSION_CHAR_OF_SEPTET.get(ext) ?? BASIC_CHAR_OF_SEPTET[ext] ?? '';
    } else {
      out += BASIC_CHAR_OF_SEPTET[septet] ?? '';
    }
  }
  return out;
}

/** UTF-16BE, the byte order SMPP data_coding 8 (UCS-2) uses; surrogate pairs pass through. */
export function toUcs2Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out[2 * i] = code >> 8;
    out[2 * i + 1] = code & 0xff;
  }
  return out;
}

/** Decodes UTF-16BE; an odd trailing byte is rejected because it means a truncated PDU. */
export function fromUcs2Bytes(bytes: Uint8Array): string {
  if (bytes.length % 2 !== 0) {
    throw new RangeError(`bytes: UCS-2 payload has odd length ${bytes.length}`);
  }
  let out = '';
  for (let i = 0; i < bytes.length; i += 2) {
    out += String.fromCharCode(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  }
  return out;
}
