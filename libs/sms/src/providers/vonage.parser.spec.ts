import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseVonageDlr, parseVonageInbound, verifyVonageSignature, vonageSignature, type VonageSignatureMethod } from './vonage.parser';

const now = () => 1461605396_000 + 30_000;

describe('vonageSignature', () => {
  it('matches the test vector of the official vonage Python SDK (md5hash)', () => {
    // vonage-python-sdk tests/test_vonage.py: test_signature / test_check_signature
    const params = { a: '1', b: '2', timestamp: '1461605396' };
    expect(vonageSignature(params, 'secret', 'md5hash')).toBe('6af838ef94998832dbfc29020b564830');
    const check = verifyVonageSignature({ ...params, sig: '6af838ef94998832dbfc29020b564830' }, 'secret', { method: 'md5hash', now });
    expect(check).toEqual({ ok: true });
  });

  it('follows the documented string-to-sign: sorted "&k=v", & and = in values replaced by _', () => {
    const params = { text: 'a=b&c', msisdn: '447700900001', timestamp: '1461605396' };
    const data = '&msisdn=447700900001&text=a_b_c&timestamp=1461605396';
    expect(vonageSignature(params, 's3cr3t', 'md5hash')).toBe(createHash('md5').update(data + 's3cr3t').digest('hex'));
    for (const method of ['md5', 'sha1', 'sha256', 'sha512'] as const) {
      expect(vonageSignature(params, 's3cr3t', method)).toBe(createHmac(method, 's3cr3t').update(data).digest('hex'));
    }
  });
});

describe('verifyVonageSignature', () => {
  const base = {
    msisdn: '447700900001', to: '447700900999', messageId: '0A0000000123ABCD1', text: 'Hello world',
    type: 'text', keyword: 'HELLO', 'message-timestamp': '2016-04-25 17:29:56', timestamp: '1461605396',
  };
  const methods: VonageSignatureMethod[] = ['md5hash', 'md5', 'sha1', 'sha256', 'sha512'];

  it.each(methods)('%s: accepts a correct sig, also upper-case', (method) => {
    const sig = vonageSignature(base, 'sigsecret', method);
    expect(verifyVonageSignature({ ...base, sig }, 'sigsecret', { method, now })).toEqual({ ok: true });
    expect(verifyVonageSignature({ ...base, sig: sig.toUpperCase() }, 'sigsecret', { method, now })).toEqual({ ok: true });
  });

  it.each(methods)('%s: rejects wrong, truncated, tampered and wrong-method signatures', (method) => {
    const sig = vonageSignature(base, 'sigsecret', method);
    const bad = { ok: false, reason: 'bad_signature' };
    expect(verifyVonageSignature({ ...base, sig: (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1) }, 'sigsecret', { method, now })).toEqual(bad);
    expect(verifyVonageSignature({ ...base, sig: sig.slice(0, -1) }, 'sigsecret', { method, now })).toEqual(bad);
    expect(verifyVonageSignature({ ...base, text: 'Hello w0rld', sig }, 'sigsecret', { method, now })).toEqual(bad);
    expect(verifyVonageSignature({ ...base, sig }, 'other', { method, now })).toEqual(bad);
    const other = method === 'sha256' ? 'sha512' : 'sha256';
    expect(verifyVonageSignature({ ...base, sig }, 'sigsecret', { method: other, now })).toEqual(bad);
  });

  it('accepts blank params signed either way (Node/Python SDKs include them, the Java SDK skips them)', () => {
    const withBlank = { ...base, keyword: '' };
    const included = vonageSignature(withBlank, 'k', 'sha256');
    const { keyword: _k, ...skipped } = withBlank;
    const excluded = vonageSignature(skipped, 'k', 'sha256');
    expect(included).not.toBe(excluded);
    expect(verifyVonageSignature({ ...withBlank, sig: included }, 'k', { method: 'sha256', now })).toEqual({ ok: true });
    expect(verifyVonageSignature({ ...withBlank, sig: excluded }, 'k', { method: 'sha256', now })).toEqual({ ok: true });
    expect(verifyVonageSignature({ ...withBlank, keyword: 'X', sig: excluded }, 'k', { method: 'sha256', now }).ok).toBe(false);
  });

  it('rejects a missing sig, a missing or stale timestamp', () => {
    expect(verifyVonageSignature(base, 'k', { method: 'md5hash', now })).toEqual({ ok: false, reason: 'missing_signature' });
    const { timestamp: _t, ...noTs } = base;
    const sigNoTs = vonageSignature(noTs, 'k', 'md5hash');
    expect(verifyVonageSignature({ ...noTs, sig: sigNoTs }, 'k', { method: 'md5hash', now })).toEqual({ ok: false, reason: 'missing_timestamp' });
    const sig = vonageSignature(base, 'k', 'md5hash');
    const later = () => 1461605396_000 + 301_000;
    expect(verifyVonageSignature({ ...base, sig }, 'k', { method: 'md5hash', now: later })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verifyVonageSignature({ ...base, sig }, 'k', { method: 'md5hash', now: later, maxSkewSeconds: 600 })).toEqual({ ok: true });
    expect(verifyVonageSignature({ ...base, sig }, 'k', { method: 'md5hash', now: later, maxSkewSeconds: 0 })).toEqual({ ok: true });
  });
});

describe('parseVonageInbound', () => {
  const mo = {
    msisdn: '447700900001', to: '447700900999', messageId: '0A0000000123ABCD1', text: 'Hello world', type: 'text',
    keyword: 'HELLO', 'message-timestamp': '2020-01-01 12:00:00',
  };

  it('normalises numbers to E.164 and the timestamp to ISO UTC', () => {
    expect(parseVonageInbound(mo)).toEqual({
      providerMessageId: '0A0000000123ABCD1', from: '+447700900001', to: '+447700900999', text: 'Hello world',
      receivedAt: '2020-01-01T12:00:00.000Z', raw: mo,
    });
  });

  it('reads concatenation fields', () => {
    const part = { ...mo, concat: 'true', 'concat-ref': '108', 'concat-total': '3', 'concat-part': '2' };
    expect(parseVonageInbound(part).concat).toEqual({ ref: '108', total: 3, part: 2 });
  });

  it.each([
    [{ ...mo, msisdn: undefined }, 'msisdn: is required'],
    [{ ...mo, type: 'binary' }, 'type: "binary" messages are not supported'],
    [{ ...mo, 'message-timestamp': 'yesterday' }, 'message-timestamp: must be a timestamp'],
    [{ ...mo, concat: 'true', 'concat-ref': '1', 'concat-total': '2' }, 'concat-part: is required when concat is true'],
    [{ ...mo, concat: 'true', 'concat-ref': '1', 'concat-total': '2', 'concat-part': '3' }, 'concat-part: is 3 but concat-total is 2'],
  ])('rejects bad input naming the field (%#)', (input, message) => {
    expect(() => parseVonageInbound(input)).toThrow(message);
  });
});

describe('parseVonageDlr', () => {
  it.each([
    ['delivered', 'delivered', '0', undefined], ['expired', 'undelivered', '1', '1'], ['failed', 'failed', '5', '5'],
    ['rejected', 'failed', '2', '2'], ['accepted', 'sent', '0', undefined], ['buffered', 'sent', '0', undefined],
  ])('%s → %s', (status, ours, errCode, errorCode) => {
    const report = parseVonageDlr({ messageId: 'm1', msisdn: '447700900001', to: 'ACME', status, 'err-code': errCode });
    expect(report).toMatchObject({ providerMessageId: 'm1', status: ours, providerStatus: status });
    expect(report.errorCode).toBe(errorCode);
  });

  it('rejects an unknown status and a missing messageId', () => {
    expect(() => parseVonageDlr({ messageId: 'm1', status: 'lost' })).toThrow('status: unknown status "lost"');
    expect(() => parseVonageDlr({ status: 'delivered' })).toThrow('messageId: is required');
  });
});
