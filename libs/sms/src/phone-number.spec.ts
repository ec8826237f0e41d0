import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskPhone, normalizeAddress } from './phone-number';
import { knownTimezones, timezoneForNumber } from './phone-timezone';
import { PayloadError } from './payload-error';

describe('normalizeAddress', () => {
  it.each([
    ['+14155550100', 'US', '+14155550100', 'US'],
    ['(415) 555-0100', 'US', '+14155550100', 'US'],
    ['14155550100', 'GB', '+14155550100', 'US'], // Vonage-style MSISDN without "+"
    ['447400123456', 'US', '+447400123456', 'GB'],
    ['07400 123456', 'GB', '+447400123456', 'GB'],
    ['0033612345678', 'GB', '+33612345678', 'FR'],
    ['+33 6 12 34 56 78', undefined, '+33612345678', 'FR'],
  ])('%s (region %s) → %s', (raw, region, value, country) => {
    expect(normalizeAddress(raw, region)).toEqual({ kind: 'e164', value, country });
  });

  it.each([['12345'], ['898'], ['60175'], [' 727 27 '], ['12345678']])('classifies %s as a short code before parsing', (raw) => {
    expect(normalizeAddress(raw, 'US')).toEqual({ kind: 'short_code', value: raw.replace(/\s/g, '') });
  });

  it.each([['MOFLOW'], ['Acme Shop'], ['INFO-2024']])('keeps alphanumeric sender %s', (raw) => {
    expect(normalizeAddress(raw, 'GB')).toEqual({ kind: 'alphanumeric', value: raw });
  });

  it('keeps a possible but unallocated number (test ranges) as E.164', () => {
    expect(normalizeAddress('+447700900123', 'GB')).toMatchObject({ kind: 'e164', value: '+447700900123' });
  });

  it.each([[''], ['   '], ['+1'], ['hello world this is long'], ['123456789012345678']])('rejects %j naming the field', (raw) => {
    expect(() => normalizeAddress(raw, 'US', 'msisdn')).toThrow(PayloadError);
    expect(() => normalizeAddress(raw, 'US', 'msisdn')).toThrow(/^msisdn: /);
  });
});

describe('normalizeAddress, parsed once per input', () => {
  it('answers a repeated number from memory with the same result, which a caller cannot spoil', () => {
    const first = normalizeAddress('07700 900123', 'GB');
    first.value = 'spoiled';
    const again = normalizeAddress('07700 900123', 'GB');
    expect(again).toEqual({ kind: 'e164', value: '+447700900123', country: 'GB' });
    // the region is part of what was asked: the same digits are no number in the US
    expect(() => normalizeAddress('07700 900123', 'US')).toThrow(PayloadError);
  });

  it('still refuses a bad number every time, naming the field', () => {
    for (const field of ['from', 'to']) expect(() => normalizeAddress('12', 'GB', field)).toThrow(PayloadError);
  });
});

describe('maskPhone', () => {
  it('masks the middle digits', () => {
    expect(maskPhone('+447700900123')).toBe('+44770****123');
    expect(maskPhone('+14155550100')).toBe('+14155***100');
    expect(maskPhone('12345')).toBe('1**45');
    expect(maskPhone('ACME')).toBe('ACME');
  });
});

describe('timezoneForNumber', () => {
  it.each([
    ['+447400123456', 'Europe/London'],
    ['+33612345678', 'Europe/Paris'],
    ['+12125550100', 'America/New_York'],
    ['+13125550100', 'America/Chicago'],
    ['+13035550100', 'America/Denver'],
    ['+16025550100', 'America/Phoenix'],
    ['+14155550100', 'America/Los_Angeles'],
    ['+19075550100', 'America/Anchorage'],
    ['+18085550100', 'Pacific/Honolulu'],
    ['+16045550100', 'America/Vancouver'],
    ['+14165550100', 'America/Toronto'],
    ['+61298765432', 'Australia/Sydney'],
    ['+61898765432', 'Australia/Perth'],
    ['+61412345678', 'Australia/Sydney'],
    ['+5592912345678', 'America/Manaus'],
    ['+5511912345678', 'America/Sao_Paulo'],
    ['+79161234567', 'Europe/Moscow'],
    ['+919812345678', 'Asia/Kolkata'],
  ])('%s → %s', (number, zone) => {
    expect(timezoneForNumber(number)).toBe(zone);
  });

  it('returns null for unknown countries and garbage', () => {
    expect(timezoneForNumber('+6767012345')).toBeNull(); // Tonga: not in the table
    expect(timezoneForNumber('not a number')).toBeNull();
  });

  it('only returns zones the runtime knows', () => {
    for (const zone of knownTimezones()) {
      expect(() => new Intl.DateTimeFormat('en', { timeZone: zone }), zone).not.toThrow();
    }
  });
});

describe('normalizeAddress on arbitrary input', () => {
  it('returns a classified address or throws PayloadError, never anything else', () => {
    const raw = fc.oneof(fc.string(), fc.stringMatching(/^\+?[0-9 ()-]{0,20}$/), fc.string({ unit: 'binary' }));
    fc.assert(fc.property(raw, fc.constantFrom(undefined, 'US', 'GB', 'xx'), (input, region) => {
      try {
        const result = normalizeAddress(input, region);
        expect(['e164', 'short_code', 'alphanumeric']).toContain(result.kind);
        if (result.kind === 'e164') expect(result.value).toMatch(/^\+\d{5,16}$/);
      } catch (error) {
        expect(error).toBeInstanceOf(PayloadError);
      }
    }), { numRuns: 500 });
  });
});
