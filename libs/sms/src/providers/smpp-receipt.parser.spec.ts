import { describe, expect, it } from 'vitest';
import { parseSmppReceipt, smppMessageState } from './smpp-receipt.parser';

describe('parseSmppReceipt', () => {
  it('parses the Appendix B format', () => {
    const r = parseSmppReceipt('id:123 sub:001 dlvrd:001 submit date:2301011200 done date:2301011201 stat:DELIVRD err:000 text:Hello: world');
    expect(r).toMatchObject({
      providerMessageId: '123', status: 'delivered', providerStatus: 'DELIVRD',
      submitDate: '2023-01-01T12:00:00.000Z', doneDate: '2023-01-01T12:01:00.000Z', text: 'Hello: world',
    });
    expect(r.errorCode).toBeUndefined();
  });

  it.each([
    ['UNDELIV', 'undelivered'], ['EXPIRED', 'undelivered'], ['REJECTD', 'failed'], ['DELETED', 'failed'],
    ['ACCEPTD', 'sent'], ['ENROUTE', 'sent'], ['UNKNOWN', 'sent'],
  ])('stat:%s → %s, keeping a non-zero err', (stat, status) => {
    const r = parseSmppReceipt(`id:a1b2c3 sub:001 dlvrd:000 submit date:230101120030 done date:230101120130 stat:${stat} err:0B1`);
    expect(r).toMatchObject({ providerMessageId: 'a1b2c3', status, errorCode: '0B1', doneDate: '2023-01-01T12:01:30.000Z' });
  });

  it('tolerates lower-case keys and missing optional fields', () => {
    expect(parseSmppReceipt('ID:9 STAT:delivrd')).toMatchObject({ providerMessageId: '9', status: 'delivered' });
  });

  it('rejects a receipt without id or with an unknown state', () => {
    expect(() => parseSmppReceipt('sub:001 stat:DELIVRD')).toThrow('short_message.id: receipt has no id');
    expect(() => parseSmppReceipt('id:1 stat:LOST')).toThrow('short_message.stat: unknown receipt state "LOST"');
  });

  it('maps the message_state TLV', () => {
    expect(smppMessageState(2)).toEqual({ status: 'delivered', providerStatus: 'DELIVRD' });
    expect(smppMessageState(5)).toEqual({ status: 'undelivered', providerStatus: 'UNDELIV' });
    expect(smppMessageState(8)).toEqual({ status: 'failed', providerStatus: 'REJECTD' });
    expect(() => smppMessageState(9)).toThrow('message_state: unknown value 9');
  });
});
