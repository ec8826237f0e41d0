import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseInfobipDlr, parseInfobipInbound } from './infobip.parser';
import { parseSinchDlr, parseSinchInbound } from './sinch.parser';
import { parseMyLinkDlr, parseMyLinkInbound, verifySharedSecret } from './mylink.parser';
import { parseGenericDlr, parseGenericInbound, verifyGenericSignature } from './generic.parser';

describe('Infobip', () => {
  const body = {
    results: [
      { messageId: '817790313235066447', from: '385916242493', to: '385921004026', text: 'QUIZ Correct answer is Paris',
        cleanText: 'Correct answer is Paris', keyword: 'QUIZ', receivedAt: '2019-11-09T16:00:00.000+0000', smsCount: 1 },
      { messageId: '817790313235066448', from: '385916242494', to: '385921004026', text: 'STOP', smsCount: 1 },
    ],
    messageCount: 2, pendingMessageCount: 0,
  };

  it('returns every result, with the full text (not cleanText) and ISO receivedAt', () => {
    const msgs = parseInfobipInbound(body);
    expect(msgs).toHaveLength(2);
    expect(msgs[0]).toMatchObject({
      providerMessageId: '817790313235066447', from: '+385916242493', to: '+385921004026',
      text: 'QUIZ Correct answer is Paris', receivedAt: '2019-11-09T16:00:00.000Z', segments: 1,
    });
    expect(msgs[1]?.receivedAt).toBeUndefined();
  });

  it('names the failing result index', () => {
    expect(() => parseInfobipInbound({ results: [body.results[0], { messageId: 'x', to: '1', text: 'a' }] })).toThrow('results[1].from: is required');
    expect(() => parseInfobipInbound({})).toThrow('results: must be an array');
    expect(() => parseInfobipInbound('nope')).toThrow('body: must be a JSON object');
  });

  it('maps delivery report groups', () => {
    const reports = parseInfobipDlr({ results: [
      { messageId: 'a', status: { groupId: 3, groupName: 'DELIVERED', id: 5, name: 'DELIVERED_TO_HANDSET' }, error: { groupId: 0, id: 0, name: 'NO_ERROR' } },
      { messageId: 'b', status: { groupId: 2, groupName: 'UNDELIVERABLE', id: 9, name: 'UNDELIVERABLE_NOT_DELIVERED' }, error: { groupId: 1, id: 27, name: 'EC_ABSENT_SUBSCRIBER' } },
      { messageId: 'c', status: { groupName: 'PENDING' } },
      { messageId: 'd', status: { groupName: 'REJECTED' } },
    ] });
    expect(reports.map((r) => [r.providerMessageId, r.status, r.errorCode])).toEqual([
      ['a', 'delivered', undefined], ['b', 'undelivered', '27'], ['c', 'sent', undefined], ['d', 'failed', undefined],
    ]);
    expect(() => parseInfobipDlr({ results: [{ messageId: 'a', status: { groupName: 'LOST' } }] })).toThrow('results[0].status.groupName: unknown status group "LOST"');
  });
});

describe('Sinch', () => {
  const mo = { type: 'mo_text', id: '01FC66621XXXXX119Z8PMV1QPQ', from: '16051234567', to: '12345', body: 'Join',
    received_at: '2021-11-05T13:12:21.546Z', operator_id: '31000' };

  it('parses mo_text', () => {
    expect(parseSinchInbound(mo)).toEqual({ providerMessageId: mo.id, from: '+16051234567', to: '12345', text: 'Join',
      receivedAt: '2021-11-05T13:12:21.546Z', raw: mo });
    expect(() => parseSinchInbound({ ...mo, type: 'mo_binary' })).toThrow('type: "mo_binary" is not supported (only mo_text)');
    expect(() => parseSinchInbound({ ...mo, body: 5 })).toThrow('body: must be a string, got number');
  });

  it('parses per-recipient and per-batch delivery reports', () => {
    expect(parseSinchDlr({ type: 'recipient_delivery_report_sms', batch_id: 'B1', recipient: '16051234567', code: 0, status: 'Delivered' }))
      .toMatchObject([{ providerMessageId: 'B1', status: 'delivered', providerStatus: 'Delivered' }]);
    expect(parseSinchDlr({ type: 'recipient_delivery_report_sms', batch_id: 'B1', code: 402, status: 'Failed' })[0])
      .toMatchObject({ status: 'failed', errorCode: '402' });
    const batch = parseSinchDlr({ type: 'delivery_report_sms', batch_id: 'B2', statuses: [
      { code: 0, count: 2, status: 'Delivered' }, { code: 401, count: 1, status: 'Expired' }] });
    expect(batch.map((r) => r.status)).toEqual(['delivered', 'undelivered']);
    expect(() => parseSinchDlr({ type: 'mo_text', batch_id: 'x' })).toThrow('type: "mo_text" is not a delivery report type');
  });
});

describe('LINK Mobility MyLINK (assumed shape, see mylink.parser.ts)', () => {
  it('parses a reply and checks the shared-secret header in constant time', () => {
    const body = { reply: { id: 'r-1', sender: '+4799999999', recipient: '2270', text: 'STOPP', timestamp: '2024-03-01T10:00:00Z' } };
    expect(parseMyLinkInbound(body)).toMatchObject({ providerMessageId: 'r-1', from: '+4799999999', to: '2270', text: 'STOPP' });
    expect(() => parseMyLinkInbound({ reply: { sender: '+4799999999', recipient: '2270', text: 'x' } })).toThrow('reply.id: is required');
    expect(() => parseMyLinkInbound({})).toThrow('reply: must be an object');
    expect(verifySharedSecret('s3cret-value', 's3cret-value')).toBe(true);
    expect(verifySharedSecret('s3cret-value', 's3cret-valuE')).toBe(false);
    expect(verifySharedSecret('s3cret-value', 's3cret')).toBe(false);
    expect(verifySharedSecret('s3cret-value', undefined)).toBe(false);
  });

  it('parses a delivery report', () => {
    expect(parseMyLinkDlr({ messageId: 'm1', referenceId: 'ours-1', status: 'DELIVERED', resultCode: 0 })).toMatchObject({ status: 'delivered' });
    expect(parseMyLinkDlr({ messageId: 'm1', status: 'FAILED', resultCode: 1003 })).toMatchObject({ status: 'failed', errorCode: '1003' });
  });
});

describe('generic JSON', () => {
  const raw = JSON.stringify({ id: 'g-1', from: '+33612345678', to: 'MOFLOW', text: 'aide', receivedAt: 1700000000 });
  const secret = 'whsec_123';
  const hex = createHmac('sha256', secret).update(raw).digest('hex');

  it('verifies hex HMAC-SHA256 of the raw body, with or without sha256= prefix', () => {
    expect(verifyGenericSignature(secret, raw, hex)).toBe(true);
    expect(verifyGenericSignature(secret, raw, `sha256=${hex}`)).toBe(true);
    expect(verifyGenericSignature(secret, Buffer.from(raw), hex.toUpperCase())).toBe(true);
  });

  it('rejects wrong, truncated and tampered signatures', () => {
    expect(verifyGenericSignature(secret, raw, (hex[0] === 'a' ? 'b' : 'a') + hex.slice(1))).toBe(false);
    expect(verifyGenericSignature(secret, raw, hex.slice(0, 63))).toBe(false);
    expect(verifyGenericSignature(secret, raw.replace('aide', 'AIDE'), hex)).toBe(false);
    expect(verifyGenericSignature('other', raw, hex)).toBe(false);
    expect(verifyGenericSignature(secret, raw, undefined)).toBe(false);
  });

  it('parses messages and reports', () => {
    expect(parseGenericInbound(JSON.parse(raw))).toMatchObject({ providerMessageId: 'g-1', from: '+33612345678', to: 'MOFLOW', text: 'aide', receivedAt: '2023-11-14T22:13:20.000Z' });
    expect(() => parseGenericInbound({ id: 'x', from: '+33612345678', to: 'A' })).toThrow('text: is required');
    expect(parseGenericDlr({ id: 'g-1', status: 'failed', errorCode: 'E42' })).toMatchObject({ status: 'failed', errorCode: 'E42' });
    expect(() => parseGenericDlr({ id: 'g-1', status: 'ok' })).toThrow('status: must be one of delivered, undelivered, failed, sent; got "ok"');
  });
});
