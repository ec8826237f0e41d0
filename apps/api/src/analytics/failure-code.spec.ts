import { describe, expect, it } from 'vitest';
import { failureCode } from './failure-code';

describe('failureCode', () => {
  it('prefers the delivery report code, then classes the sender detail without quoting it', () => {
    expect(failureCode('30003', 'undelivered (error 30003)')).toBe('30003');
    expect(failureCode(null, 'undelivered (error 30005)')).toBe('30005');
    expect(failureCode(null, "twilio: HTTP 400 The 'To' number +14155550100 is not valid")).toBe('HTTP 400');
    expect(failureCode(null, 'channel connection: bad credentials')).toBe('channel connection');
    expect(failureCode(null, 'channel 1234 does not exist')).toBe('channel missing');
    expect(failureCode(null, 'outcome unknown after a restart during the provider call: not resent, to avoid a duplicate')).toBe('outcome unknown');
    expect(failureCode(null, 'smpp: not bound to 127.0.0.1:2775 after 5000 ms')).toBe('network');
    expect(failureCode(null, 'part 1/2: REJECTD')).toBe('other');
    expect(failureCode(null, null)).toBe('other');
  });
});
