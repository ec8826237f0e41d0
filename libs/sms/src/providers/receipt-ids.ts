// SMSCs often answer submit_sm_resp with a message id in hex and write it in decimal in the receipt
// (SMPP 3.4 Appendix B shows a 10-digit decimal id), or the reverse. These are the ids a receipt
// may stand for, most likely first; the caller looks them all up in one query and takes the first hit.

export type ReceiptIdMode = 'auto' | 'same' | 'hex-to-decimal' | 'decimal-to-hex';

const HEX = /^[0-9a-fA-F]+$/;
const DEC = /^\d+$/;
/** 2^64: ids past it are not numbers an SMSC converts. */
const MAX = 1n << 64n;

function hexForms(value: bigint): string[] {
  const hex = value.toString(16);
  const forms = [hex, hex.toUpperCase()];
  for (const width of [8, 10, 16]) if (hex.length < width) forms.push(hex.padStart(width, '0'), hex.padStart(width, '0').toUpperCase());
  return forms;
}

function decimalForms(value: bigint): string[] {
  const dec = value.toString(10);
  return dec.length < 10 ? [dec, dec.padStart(10, '0')] : [dec];
}

/**
 * `same`: only the id as written. `hex-to-decimal`: submit_sm_resp gave hex, the receipt writes
 * decimal. `decimal-to-hex`: the reverse. `auto`: the id as written, then both conversions.
 */
export function receiptIdCandidates(id: string, mode: ReceiptIdMode = 'auto'): string[] {
  const out = [id];
  if (mode === 'same' || !id) return out;
  if ((mode === 'auto' || mode === 'hex-to-decimal') && DEC.test(id)) {
    const value = BigInt(id);
    if (value < MAX) out.push(...decimalForms(value), ...hexForms(value));
  }
  if ((mode === 'auto' || mode === 'decimal-to-hex') && HEX.test(id) && id.length <= 16) {
    const value = BigInt(`0x${id}`);
    out.push(...decimalForms(value), ...hexForms(value));
  }
  return [...new Set(out)];
}
