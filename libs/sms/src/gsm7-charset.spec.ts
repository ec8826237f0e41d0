import { describe, expect, it } from 'vitest';
import { readSegmentsFile, segmentsSkipReason } from '../test/support/shared-data';
import {
  fromGsm7Bytes, fromUcs2Bytes, GSM7_BASIC, GSM7_EXTENSION, gsm7Septets, isGsm7, toGsm7Bytes, toUcs2Bytes,
} from './gsm7-charset';

interface Gsm7Table { basic_count: number; extension_count: number; table: Record<string, { char: string; gsm7: string[] }> }
const tableFile = readSegmentsFile<Gsm7Table>('twilio_unicode_to_gsm7.json');

describe('GSM-7 tables', () => {
  it.skipIf(!tableFile)(`match the Twilio GSM 03.38 table character for character, septet for septet${tableFile ? '' : ` (${segmentsSkipReason})`}`, () => {
    if (!tableFile) return;
    const table = tableFile.table;
    expect(GSM7_BASIC.size).toBe(tableFile.basic_count);
    expect(GSM7_EXTENSION.size).toBe(tableFile.extension_count);
    for (const { char, gsm7 } of Object.values(table)) {
      const septets = gsm7.map((h) => Number.parseInt(h, 16));
      expect(Array.from(toGsm7Bytes(char)), `septets of ${JSON.stringify(char)}`).toEqual(septets);
      expect(fromGsm7Bytes(Uint8Array.from(septets))).toBe(char);
      expect(gsm7Septets(char)).toBe(septets.length);
    }
  });

  it('rejects characters outside GSM-7 and says which', () => {
    expect(isGsm7('Hello @ £5 {ok}')).toBe(true);
    expect(isGsm7('más')).toBe(false);
    expect(gsm7Septets('ç')).toBe(-1);
    expect(() => toGsm7Bytes('ok 😀')).toThrow('text: character "😀" cannot be encoded in GSM-7');
  });

  it('round-trips texts through unpacked septets', () => {
    const text = 'Ticket {42} costs €5 | reply STOP\nÄÖÜ ß ¿¡ ΔΩ';
    expect(fromGsm7Bytes(toGsm7Bytes(text))).toBe(text);
  });

  it('decodes an unknown extension septet as its basic character and a trailing escape as space', () => {
    expect(fromGsm7Bytes(Uint8Array.of(0x1b, 0x41))).toBe('A');
    expect(fromGsm7Bytes(Uint8Array.of(0x41, 0x1b))).toBe('A ');
  });
});

describe('UCS-2 bytes', () => {
  it('is UTF-16BE including surrogate pairs', () => {
    expect(Array.from(toUcs2Bytes('Aж😀'))).toEqual([0x00, 0x41, 0x04, 0x36, 0xd8, 0x3d, 0xde, 0x00]);
    expect(fromUcs2Bytes(toUcs2Bytes('Привет 👍🏾'))).toBe('Привет 👍🏾');
  });

  it('rejects a truncated payload', () => {
    expect(() => fromUcs2Bytes(Uint8Array.of(0x00, 0x41, 0x04))).toThrow('odd length 3');
  });
});
