// Whatever a provider (or an attacker) posts, a parser either returns a message or throws a
// PayloadError naming a field: never a TypeError that would become a 500.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PayloadError } from '../payload-error';
import { parseTwilioInbound, parseTwilioStatus, verifyTwilioSignature } from './twilio.parser';
import { parseVonageDlr, parseVonageInbound, verifyVonageSignature } from './vonage.parser';
import { parseInfobipDlr, parseInfobipInbound } from './infobip.parser';
import { parseSinchDlr, parseSinchInbound } from './sinch.parser';
import { parseMyLinkDlr, parseMyLinkInbound } from './mylink.parser';
import { parseGenericDlr, parseGenericInbound, verifyGenericSignature } from './generic.parser';
import { parseSmppReceipt } from './smpp-receipt.parser';

const keys = ['MessageSid', 'From', 'To', 'Body', 'NumSegments', 'MessageStatus', 'ErrorCode', 'msisdn', 'to', 'messageId',
  'text', 'type', 'message-timestamp', 'concat', 'concat-ref', 'concat-total', 'concat-part', 'status', 'err-code', 'results',
  'from', 'id', 'body', 'received_at', 'batch_id', 'statuses', 'reply', 'receivedAt', 'smsCount', 'sender', 'recipient'];
const leaf = fc.oneof(fc.string(), fc.constantFrom('+14155550100', '12345', 'true', '3', 'delivered', 'mo_text', '0'),
  fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...keys), tie('node'), { maxKeys: 6 })),
})).node;
const payload = fc.oneof(value, fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 12 }));

const parsers: Array<[string, (input: never) => unknown]> = [
  ['parseTwilioInbound', parseTwilioInbound], ['parseTwilioStatus', parseTwilioStatus],
  ['parseVonageInbound', parseVonageInbound], ['parseVonageDlr', parseVonageDlr],
  ['parseInfobipInbound', parseInfobipInbound], ['parseInfobipDlr', parseInfobipDlr],
  ['parseSinchInbound', parseSinchInbound], ['parseSinchDlr', parseSinchDlr],
  ['parseMyLinkInbound', parseMyLinkInbound], ['parseMyLinkDlr', parseMyLinkDlr],
  ['parseGenericInbound', parseGenericInbound], ['parseGenericDlr', parseGenericDlr],
];

describe('parsers on arbitrary input', () => {
  it.each(parsers)('%s returns or throws PayloadError', (_name, parse) => {
    fc.assert(fc.property(payload, (input) => {
      try {
        parse(input as never);
      } catch (error) {
        expect(error).toBeInstanceOf(PayloadError);
        expect((error as PayloadError).message).toMatch(/^[\w.[\]-]+: \S/);
      }
    }), { numRuns: 400 });
  });

  it('parseSmppReceipt returns or throws PayloadError', () => {
    fc.assert(fc.property(fc.string(), (text) => {
      try {
        parseSmppReceipt(text);
      } catch (error) {
        expect(error).toBeInstanceOf(PayloadError);
      }
    }), { numRuns: 400 });
  });

  it('signature checks answer false, never throw, on junk', () => {
    fc.assert(fc.property(fc.string(), fc.string(), payload, (secret, header, params) => {
      const asParams = (typeof params === 'object' && params !== null && !Array.isArray(params) ? params : {}) as Record<string, string>;
      // A random header cannot be a valid signature, so every answer must be a plain "no".
      expect(verifyTwilioSignature(secret, 'https://x.example/hook', asParams, header)).toBe(false);
      expect(verifyGenericSignature(secret, JSON.stringify(params) ?? '', header)).toBe(false);
      expect(verifyVonageSignature({ ...asParams, sig: header }, secret, { method: 'md5hash' }).ok).toBe(false);
    }), { numRuns: 300 });
  });

  it('reports nested Vonage params as malformed instead of throwing', () => {
    expect(verifyVonageSignature({ sig: 'abc', text: { nested: 1 } } as never, 'k', { method: 'md5hash' }))
      .toEqual({ ok: false, reason: 'malformed' });
    expect(() => parseVonageInbound({ msisdn: ['a', { x: 1 }] } as never)).toThrow('msisdn: must be a single value');
  });
});
