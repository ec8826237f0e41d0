// User Data Header helpers for concatenated SMS (3GPP TS 23.040 §9.2.3.24.1 and .8): the SMPP
// client reads them from deliver_sm (esm_class UDHI bit) and writes them on submit_sm parts.
import { PayloadError } from './payload-error';

export interface UdhConcat {
  ref: number;
  total: number;
  part: number;
  /** Bytes taken by the whole UDH including its length byte; the text starts after them. */
  headerLength: number;
}

const IEI_CONCAT_8BIT = 0x00;
const IEI_CONCAT_16BIT = 0x08;

/**
 * Reads the concatenation element of a UDH at the start of `userData`. Returns null when the UDH
 * carries no concatenation element (other elements, e.g. port addressing, are skipped).
 */
export function parseConcatUdh(userData: Uint8Array): UdhConcat | null {
  const udhl = userData[0];
  if (udhl === undefined || udhl + 1 > userData.length) {
    throw new PayloadError('short_message.udh', `header length ${udhl ?? 'missing'} exceeds the ${userData.length}-byte payload`);
  }
  const headerLength = udhl + 1;
  let i = 1;
  while (i + 1 < headerLength) {
    const iei = userData[i] ?? 0;
    const len = userData[i + 1] ?? 0;
    const body = i + 2;
    if (body + len > headerLength) throw new PayloadError('short_message.udh', `element 0x${iei.toString(16)} overruns the header`);
    if (iei === IEI_CONCAT_8BIT && len === 3) {
      return checked(userData[body] ?? 0, userData[body + 1] ?? 0, userData[body + 2] ?? 0, headerLength);
    }
    if (iei === IEI_CONCAT_16BIT && len === 4) {
      const ref = ((userData[body] ?? 0) << 8) | (userData[body + 1] ?? 0);
      return checked(ref, userData[body + 2] ?? 0, userData[body + 3] ?? 0, headerLength);
    }
    i = body + len;
  }
  return null;
}

function checked(ref: number, total: number, part: number, headerLength: number): UdhConcat {
  if (total < 1 || part < 1 || part > total) {
    throw new PayloadError('short_message.udh', `concatenation part ${part} of ${total} is impossible`);
  }
  return { ref, total, part, headerLength };
}

/** The 6-byte UDH (8-bit reference) to put before the text of part `part` of `total`. */
export function concatUdh(ref: number, total: number, part: number): Uint8Array {
  if (!Number.isInteger(ref) || ref < 0 || ref > 255) throw new RangeError(`ref: must be 0-255, got ${ref}`);
  if (!Number.isInteger(total) || total < 1 || total > 255) throw new RangeError(`total: must be 1-255, got ${total}`);
  if (!Number.isInteger(part) || part < 1 || part > total) throw new RangeError(`part: must be 1-${total}, got ${part}`);
  return Uint8Array.of(0x05, IEI_CONCAT_8BIT, 0x03, ref, total, part);
}
