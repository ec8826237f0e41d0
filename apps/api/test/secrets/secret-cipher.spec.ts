import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretCipher } from '../../src/secrets/secret-cipher';

describe('SecretCipher', () => {
  const cipher = new SecretCipher(randomBytes(32));

  it('round-trips and never stores the plaintext', () => {
    const sealed = cipher.seal('tok_live_123', 'API_TOKEN');
    expect(sealed).not.toContain('tok_live_123');
    expect(sealed).not.toContain(Buffer.from('tok_live_123').toString('base64'));
    expect(cipher.open(sealed, 'API_TOKEN')).toBe('tok_live_123');
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.seal('same', 'N')).not.toBe(cipher.seal('same', 'N'));
  });

  it('refuses tampered data, another name and another key', () => {
    const sealed = cipher.seal('value', 'A');
    const [v, iv, tag, ct] = sealed.split('.') as [string, string, string, string];
    const flipped = Buffer.from(ct, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => cipher.open([v, iv, tag, flipped.toString('base64')].join('.'), 'A')).toThrow(/tampered/);
    expect(() => cipher.open(sealed, 'B')).toThrow(/does not open/);
    expect(() => new SecretCipher(randomBytes(32)).open(sealed, 'A')).toThrow(/wrong MOFLOW_SECRET_KEY/);
    expect(() => cipher.open('garbage', 'A')).toThrow(/unknown format/);
  });

  it('insists on a 256-bit key', () => {
    expect(() => new SecretCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});
