import { describe, expect, it } from 'vitest';
import { nextMessageStatus, nextPartStatus, statusFromParts } from './delivery-status';

const parts = (...s: string[]) => new Map(s.map((v, i) => [i + 1, v]));

describe('message status from its parts', () => {
  it('is the same whatever order the part receipts arrive in', () => {
    expect(statusFromParts(parts('delivered', 'delivered', 'delivered', 'undelivered'), 4)).toBe('undelivered');
    expect(statusFromParts(parts('undelivered', 'delivered', 'delivered', 'delivered'), 4)).toBe('undelivered');
    expect(statusFromParts(parts('undelivered', 'failed'), 2)).toBe('failed');
  });

  it('is delivered only when every part is', () => {
    expect(statusFromParts(parts('delivered', 'delivered'), 3)).toBe('sent');
    expect(statusFromParts(parts('delivered', 'delivered', 'delivered'), 3)).toBe('delivered');
    expect(statusFromParts(new Map(), 1)).toBe('sent');
  });

  it('moves a message only forwards, and never one the gate or the sender settled otherwise', () => {
    expect(nextMessageStatus('sent', 'delivered')).toBe('delivered');
    expect(nextMessageStatus('undelivered', 'failed')).toBe('failed');
    expect(nextMessageStatus('delivered', 'sent')).toBeUndefined();
    expect(nextMessageStatus('queued', 'sent')).toBe('sent');
    expect(nextMessageStatus('suppressed', 'delivered')).toBeUndefined();
  });

  it('keeps a part\'s final status and ignores repeats', () => {
    expect(nextPartStatus(undefined, 'sent')).toBe('sent');
    expect(nextPartStatus('sent', 'delivered')).toBe('delivered');
    expect(nextPartStatus('delivered', 'undelivered')).toBeUndefined();
    expect(nextPartStatus('sent', 'sent')).toBeUndefined();
  });
});
