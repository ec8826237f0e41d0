import { describe, expect, it } from 'vitest';
import { concatUdh, parseConcatUdh } from './concat-udh';
import { splitText } from './segments';
import { fromUcs2Bytes, toUcs2Bytes } from './gsm7-charset';

describe('concatenation UDH', () => {
  it('round-trips the 8-bit reference form', () => {
    const udh = concatUdh(0x2a, 3, 2);
    expect(Array.from(udh)).toEqual([0x05, 0x00, 0x03, 0x2a, 0x03, 0x02]);
    expect(parseConcatUdh(Uint8Array.from([...udh, 0x00, 0x41]))).toEqual({ ref: 0x2a, total: 3, part: 2, headerLength: 6 });
  });

  it('reads the 16-bit reference form and skips other elements', () => {
    // port addressing element (0x05, len 4) first, then 16-bit concat (0x08, len 4)
    const data = Uint8Array.of(0x0c, 0x05, 0x04, 0x0b, 0x84, 0x23, 0xf0, 0x08, 0x04, 0x12, 0x34, 0x02, 0x01, 0x41);
    expect(parseConcatUdh(data)).toEqual({ ref: 0x1234, total: 2, part: 1, headerLength: 13 });
  });

  it('returns null without a concatenation element and rejects broken headers', () => {
    expect(parseConcatUdh(Uint8Array.of(0x06, 0x05, 0x04, 0x0b, 0x84, 0x23, 0xf0, 0x41))).toBeNull();
    expect(() => parseConcatUdh(Uint8Array.of(0x09, 0x00, 0x03))).toThrow('short_message.udh: header length 9 exceeds the 3-byte payload');
    expect(() => parseConcatUdh(Uint8Array.of(0x05, 0x00, 0x03, 0x01, 0x02, 0x03))).toThrow('concatenation part 3 of 2 is impossible');
    expect(() => concatUdh(256, 2, 1)).toThrow('ref: must be 0-255');
  });

  it('carries a three-part UCS-2 text through UDH parts and back', () => {
    const text = 'Здравствуйте! Ваш тикет открыт 🎫, мы ответим в течение часа. '.repeat(3);
    const { encoding, parts } = splitText(text);
    expect(encoding).toBe('UCS-2');
    expect(parts).toHaveLength(3);
    const pdus = parts.map((p, i) => Uint8Array.from([...concatUdh(7, parts.length, i + 1), ...toUcs2Bytes(p)]));
    for (const pdu of pdus) expect(pdu.length).toBeLessThanOrEqual(140);
    const received = [pdus[2], pdus[0], pdus[1]].map((pdu) => {
      const udh = parseConcatUdh(pdu!);
      return { part: udh!.part, text: fromUcs2Bytes(pdu!.subarray(udh!.headerLength)) };
    });
    expect(received.sort((a, b) => a.part - b.part).map((r) => r.text).join('')).toBe(text);
  });
});
