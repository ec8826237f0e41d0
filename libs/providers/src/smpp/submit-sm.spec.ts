import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromUcs2Bytes } from '@moflow/sms';
import * as smpp from 'smpp';
import { SmppAdapter } from '../outbound/smpp.adapter';
import { ProviderSendError } from '../outbound/sms-adapter';
import { bindRig, until, type Rig } from './smpp.test-helpers';

describe('SmppEsme submit_sm', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await bindRig({ throttleBackoffMs: 50, throttleMaxRetries: 3 });
  });
  afterEach(() => rig.stop());

  it('sends a short GSM text as one submit_sm with data_coding 0 and a receipt request', async () => {
    const res = await rig.esme.submit({ from: 'Moflow', to: '+447700900123', text: 'Hi {there}' });
    expect(res.messageIds).toEqual([rig.smsc.submits[0]?.messageId]);
    expect(rig.smsc.submits[0]).toMatchObject({
      source: 'Moflow', sourceTon: 5, destination: '447700900123', destTon: 1,
      dataCoding: 0, esmClass: 0, registeredDelivery: 1, text: 'Hi {there}',
    });
  });

  it('splits a long UCS-2 text into 3 parts with data_coding 8 and a 6-byte UDH', async () => {
    const text = 'Спасибо за ваш заказ! '.repeat(8) + '📦'; // 176 + 2 = 178 UTF-16 units → 3 parts of ≤ 67
    const res = await rig.esme.submit({ from: '12345', to: '+447700900123', text });
    expect(res.messageIds).toHaveLength(3);
    const parts = rig.smsc.submits;
    expect(parts).toHaveLength(3);
    const ref = parts[0]!.udh![3];
    parts.forEach((p, i) => {
      expect(p.dataCoding).toBe(8);
      expect(p.esmClass & 0x40).toBe(0x40);
      expect([...p.udh!]).toEqual([0x05, 0x00, 0x03, ref, 3, i + 1]);
      expect(p.payload.length).toBeLessThanOrEqual(134);
    });
    expect(fromUcs2Bytes(Buffer.concat(parts.map((p) => p.payload)))).toBe(text);
    expect(res.messageIds).toEqual(parts.map((p) => p.messageId));
  });

  it('never has more than windowSize submit_sm outstanding; the rest wait', async () => {
    rig.smsc.holdResponses = true;
    const sends = Array.from({ length: 25 }, (_, i) => rig.esme.submit({ from: '12345', to: '+447700900123', text: `msg ${i}` }));
    await until(() => rig.smsc.outstanding === 10, 3_000, '10 outstanding');
    await new Promise((r) => setTimeout(r, 100));
    expect(rig.smsc.outstanding).toBe(10);
    expect(rig.smsc.submits).toHaveLength(10);
    rig.smsc.release();
    const results = await Promise.all(sends);
    expect(new Set(results.map((r) => r.messageIds[0])).size).toBe(25);
    expect(rig.smsc.peakOutstanding).toBe(10);
    expect(rig.esme.window.peak).toBe(10);
  });

  it('backs off on ESME_RTHROTTLED and ESME_RMSGQFUL, then succeeds without duplicating', async () => {
    rig.smsc.throttleNext(1, smpp.ESME_RTHROTTLED);
    rig.smsc.throttleNext(1, smpp.ESME_RMSGQFUL);
    const started = Date.now();
    const res = await rig.esme.submit({ from: '12345', to: '+447700900123', text: 'eventually' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(50 + 100 - 5);
    expect(res.messageIds).toHaveLength(1);
    expect(rig.smsc.submits).toHaveLength(1);
  });

  it('gives up on persistent throttling with a retryable error', async () => {
    rig.smsc.throttleNext(10);
    const err = await rig.esme.submit({ from: '12345', to: '+447700900123', text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderSendError);
    expect(err).toMatchObject({ code: 'throttled', retryable: true, details: { providerCode: '0x00000058' } });
  });

  it('classifies an invalid destination as permanent', async () => {
    rig.smsc.throttleNext(1, smpp.errors['ESME_RINVDSTADR']);
    await expect(rig.esme.submit({ from: '12345', to: '+447700900123', text: 'x' })).rejects.toMatchObject({ code: 'rejected', retryable: false });
  });

  it('refuses an empty text before touching the wire', async () => {
    await expect(rig.esme.submit({ from: '12345', to: '+447700900123', text: '' })).rejects.toMatchObject({ code: 'rejected', retryable: false, message: 'smpp: text: must not be empty' });
    expect(rig.smsc.submits).toHaveLength(0);
  });

  it('works through the SmsAdapter interface', async () => {
    const adapter = new SmppAdapter(rig.esme);
    const res = await adapter.send({ id: 'm1', from: '12345', to: '+447700900123', text: 'a'.repeat(200) });
    expect(res).toMatchObject({ status: 'sent', segments: 2 });
    expect(res.providerMessageIds).toEqual(rig.smsc.submits.map((s) => s.messageId));
  });
});
