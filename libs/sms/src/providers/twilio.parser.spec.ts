import { describe, expect, it } from 'vitest';
import { getExpectedTwilioSignature, validateRequest } from 'twilio/lib/webhooks/webhooks';
import { parseTwilioInbound, parseTwilioStatus, twilioSignature, verifyTwilioSignature } from './twilio.parser';
import { PayloadError } from '../payload-error';

const token = '12345abcdef67890';
const url = 'https://moflow.example.com/api/v1/inbound/ch_1?tenant=a';
const params = {
  MessageSid: 'SM1234567890abcdef1234567890abcdef', AccountSid: 'AC123', From: '+14155550100', To: '+14155550199',
  Body: 'Join now & save = 10% 👍', NumSegments: '1', NumMedia: '0',
};

describe('verifyTwilioSignature against twilio-node', () => {
  it('computes the same signature as the official package', () => {
    expect(twilioSignature(token, url, params)).toBe(getExpectedTwilioSignature(token, url, params));
  });

  it('accepts what twilio signs, and twilio accepts what we sign', () => {
    const header = getExpectedTwilioSignature(token, url, params);
    expect(verifyTwilioSignature(token, url, params, header)).toBe(true);
    expect(validateRequest(token, twilioSignature(token, url, params), url, params)).toBe(true);
  });

  it('signs repeated keys like twilio-node', () => {
    const multi = { ...params, MediaUrl: ['https://b.example/2', 'https://a.example/1', 'https://a.example/1'] };
    expect(twilioSignature(token, url, multi)).toBe(getExpectedTwilioSignature(token, url, multi));
  });

  it('accepts the URL with the default port added, as Twilio sometimes signs it', () => {
    const withPort = 'https://moflow.example.com:443/api/v1/inbound/ch_1?tenant=a';
    const header = getExpectedTwilioSignature(token, withPort, params);
    expect(verifyTwilioSignature(token, url, params, header)).toBe(true);
  });

  it('rejects a wrong signature, a wrong-length one, a tampered param, another URL or token', () => {
    const header = getExpectedTwilioSignature(token, url, params);
    const flipped = (header[0] === 'A' ? 'B' : 'A') + header.slice(1);
    expect(verifyTwilioSignature(token, url, params, flipped)).toBe(false);
    expect(verifyTwilioSignature(token, url, params, header.slice(0, -2))).toBe(false);
    expect(verifyTwilioSignature(token, url, params, header + 'AA')).toBe(false);
    expect(verifyTwilioSignature(token, url, { ...params, Body: 'Join now' }, header)).toBe(false);
    expect(verifyTwilioSignature(token, url, { ...params, Extra: '1' }, header)).toBe(false);
    expect(verifyTwilioSignature(token, url.replace('ch_1', 'ch_2'), params, header)).toBe(false);
    expect(verifyTwilioSignature('other-token', url, params, header)).toBe(false);
    expect(verifyTwilioSignature(token, url, params, undefined)).toBe(false);
    expect(verifyTwilioSignature(token, url, params, '')).toBe(false);
    expect(verifyTwilioSignature('', url, params, header)).toBe(false);
  });
});

describe('parseTwilioInbound', () => {
  it('normalises the form fields', () => {
    expect(parseTwilioInbound(params)).toEqual({
      providerMessageId: params.MessageSid, from: '+14155550100', to: '+14155550199', text: params.Body,
      segments: 1, raw: params,
    });
  });

  it('accepts a short code recipient and an empty body', () => {
    const msg = parseTwilioInbound({ ...params, To: '12345', Body: '' });
    expect(msg.to).toBe('12345');
    expect(msg.text).toBe('');
  });

  it.each([
    [{ ...params, From: undefined }, 'From: is required'],
    [{ ...params, MessageSid: '' }, 'MessageSid: is required'],
    [{ ...params, Body: undefined }, 'Body: is required'],
    [{ ...params, NumSegments: 'two' }, 'NumSegments: must be a positive integer, got "two"'],
    [{ ...params, From: 'not a phone!!' }, 'From: "not a phone!!" is not a valid phone number'],
  ])('rejects bad input with a message naming the field (%#)', (input, message) => {
    expect(() => parseTwilioInbound(input)).toThrow(PayloadError);
    expect(() => parseTwilioInbound(input)).toThrow(message);
  });
});

describe('parseTwilioStatus', () => {
  it.each([
    ['delivered', 'delivered', undefined], ['read', 'delivered', undefined], ['sent', 'sent', undefined],
    ['queued', 'sent', undefined], ['undelivered', 'undelivered', '30003'], ['failed', 'failed', '30007'],
  ])('%s → %s', (MessageStatus, status, ErrorCode) => {
    const report = parseTwilioStatus({ MessageSid: 'SM1', MessageStatus, ...(ErrorCode ? { ErrorCode } : {}) });
    expect(report).toMatchObject({ providerMessageId: 'SM1', status, providerStatus: MessageStatus });
    expect(report.errorCode).toBe(ErrorCode);
  });

  it('rejects an unknown status', () => {
    expect(() => parseTwilioStatus({ MessageSid: 'SM1', MessageStatus: 'teleported' })).toThrow('MessageStatus: unknown status "teleported"');
  });
});
