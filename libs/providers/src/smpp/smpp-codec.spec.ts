import { describe, expect, it } from 'vitest';
import { fromGsm7Bytes, fromUcs2Bytes } from '@moflow/sms';
import { concatOf, decodeText, encodeForSubmit } from './smpp-codec';

const payloadOf = (part: Buffer) => part.subarray(part[0]! + 1);

describe('encodeForSubmit', () => {
  it('keeps a short GSM text in one part, data_coding 0, no UDH', () => {
    const e = encodeForSubmit('Hello [world]', 7);
    expect(e).toMatchObject({ dataCoding: 0, esmClass: 0 });
    expect(e.parts).toHaveLength(1);
    expect(fromGsm7Bytes(e.parts[0]!)).toBe('Hello [world]');
  });

  it('splits GSM-7 at 153 septets without cutting an escape pair', () => {
    const text = 'a'.repeat(152) + '€' + 'b'.repeat(10); // € costs 2 septets and would straddle 153
    const e = encodeForSubmit(text, 9);
    expect(e.esmClass).toBe(0x40);
    expect(e.parts).toHaveLength(2);
    const [p1, p2] = e.parts.map(payloadOf);
    expect(p1!.length).toBe(152);
    expect(p1!.at(-1)).not.toBe(0x1b);
    expect(fromGsm7Bytes(Buffer.concat([p1!, p2!]))).toBe(text);
    expect(concatOf(e.parts[1]!)).toEqual({ ref: 9, total: 2, part: 2 });
  });

  it('splits UCS-2 at 67 units without cutting a surrogate pair', () => {
    const text = 'Ж'.repeat(66) + '😀' + 'Ж'.repeat(5);
    const e = encodeForSubmit(text, 1);
    expect(e.dataCoding).toBe(8);
    const payloads = e.parts.map(payloadOf);
    expect(payloads[0]!.length).toBe(132);
    expect(fromUcs2Bytes(payloads[1]!).startsWith('😀')).toBe(true);
    expect(payloads.every((p) => p.length <= 134)).toBe(true);
  });

  it('refuses a text needing more than 255 parts with a clear error', () => {
    expect(() => encodeForSubmit('x'.repeat(153 * 256), 1)).toThrow(/at most 255/);
  });
});

describe('UDH and text decoding', () => {
  it('reads 8-bit and 16-bit concatenation IEs', () => {
    expect(concatOf(Buffer.from([5, 0x00, 3, 0x2a, 3, 2]))).toEqual({ ref: 0x2a, total: 3, part: 2 });
    expect(concatOf(Buffer.from([6, 0x08, 4, 0x12, 0x34, 4, 1]))).toEqual({ ref: 0x1234, total: 4, part: 1 });
    expect(concatOf(Buffer.from([6, 0x05, 4, 0, 0, 0, 0]))).toBeUndefined();
    expect(() => concatOf(Buffer.from([5, 0x00, 3, 1, 2, 3]))).toThrow(/part 3 of 2/);
  });

  it('decodes data_coding 0, 3 and 8, and names an unsupported one', () => {
    expect(decodeText(Buffer.from([0x48, 0x69, 0x1b, 0x65]), 0)).toBe('Hi€');
    expect(decodeText(Buffer.from('café', 'latin1'), 3)).toBe('café');
    expect(decodeText(Buffer.from([0xd8, 0x3d, 0xde, 0x00]), 8)).toBe('😀');
    expect(() => decodeText(Buffer.from([1]), 4)).toThrow(/data_coding 4/);
  });
});
