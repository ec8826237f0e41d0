import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as smpp from 'smpp';
import type { InboundMessage } from '@moflow/sms';
import { joinSmppParts } from './deliver-sm.handler';
import { bindRig, until, type Rig } from './smpp.test-helpers';

/** What the inbox does with stored parts: group by sender and reference, order, join the bytes. */
function joinAll(mos: readonly InboundMessage[]): string[] {
  const groups = new Map<string, InboundMessage[]>();
  for (const m of mos) groups.set(`${m.from}|${m.concat?.ref}`, [...(groups.get(`${m.from}|${m.concat?.ref}`) ?? []), m]);
  return [...groups.values()].map((parts) => {
    const ordered = [...parts].sort((a, b) => (a.concat?.part ?? 0) - (b.concat?.part ?? 0));
    expect(ordered.map((p) => p.concat?.part)).toEqual(Array.from({ length: ordered[0]?.concat?.total ?? 0 }, (_, i) => i + 1));
    return `${ordered[0]?.from}:${joinSmppParts(ordered.map((p) => p.partBytes!))}`;
  });
}

describe('SmppEsme deliver_sm (MO and receipts)', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await bindRig();
  });
  afterEach(() => rig.stop());

  it('reads a single GSM-7 MO with extension characters and normalises the sender', async () => {
    const statuses = await rig.smsc.deliverMo({ from: '+447700900123', to: '12345', text: 'JOIN {vip} €5' });
    expect(statuses).toEqual([smpp.ESME_ROK]);
    expect(rig.mos).toHaveLength(1);
    expect(rig.mos[0]).toMatchObject({ from: '+447700900123', to: '12345', text: 'JOIN {vip} €5', segments: 1 });
    expect(rig.mos[0]?.providerMessageId).toMatch(/^smpp-[0-9a-f]{32}-\d+$/);
    expect(rig.mos[0]?.partBytes).toBeUndefined();
  });

  it('gives a redelivered PDU the same provider id (and the previous window as an alias), a different text another', async () => {
    await rig.smsc.deliverMo({ from: '+447700900123', to: '12345', text: 'YES' });
    await rig.smsc.deliverMo({ from: '+447700900123', to: '12345', text: 'YES' });
    await rig.smsc.deliverMo({ from: '+447700900123', to: '12345', text: 'NO' });
    const [a, b, c] = rig.mos;
    expect(a?.providerMessageId).toBe(b?.providerMessageId);
    expect(c?.providerMessageId).not.toBe(a?.providerMessageId);
    const bucket = Number(a?.providerMessageId.split('-')[2]);
    expect(a?.dedupeAliases).toEqual([a?.providerMessageId.replace(/-\d+$/, `-${bucket - 1}`)]);
  });

  it('reads data_coding 3 (Latin-1)', async () => {
    await rig.smsc.deliverMo({ from: '+447700900123', to: '12345', text: 'Café ñ', encoding: 'latin1' });
    expect(rig.mos[0]?.text).toBe('Café ñ');
  });

  it('hands each part of a UDH (8-bit ref) MO over on its own, with its wire bytes; joined, an escape split across parts reads right', async () => {
    const text = 'ab{' + 'c'.repeat(10); // bytes: a b ESC ( c… ; 3-byte parts cut between ESC and "("
    const statuses = await rig.smsc.deliverMo({ from: '+447700900123', to: '12345', text, concat: { via: 'udh8', ref: 42, partBytes: 3 }, order: [2, 0, 4, 1, 3] });
    expect(statuses.every((s) => s === smpp.ESME_ROK)).toBe(true);
    // Nothing is joined in memory: five parts, each acknowledged only after onMo had it.
    expect(rig.mos).toHaveLength(5);
    expect(rig.mos.map((m) => m.concat?.part)).toEqual([3, 1, 5, 2, 4]);
    expect(rig.mos.every((m) => m.concat?.total === 5 && m.concat.ref === '12345/42' && m.partBytes?.dataCoding === 0)).toBe(true);
    expect(new Set(rig.mos.map((m) => m.providerMessageId)).size).toBe(5);
    expect(joinAll(rig.mos)).toEqual([`+447700900123:${text}`]);
  });

  it('hands over the parts of a UDH (16-bit ref) UCS-2 MO whose surrogate pair is split across parts', async () => {
    const text = 'x😀yЖ';
    await rig.smsc.deliverMo({ from: '+447700900123', to: '12345', text, encoding: 'ucs2', concat: { via: 'udh16', ref: 0x1234, partBytes: 4 } });
    expect(rig.mos.map((m) => m.partBytes?.dataCoding)).toEqual([8, 8, 8]);
    expect(joinAll(rig.mos)).toEqual([`+447700900123:${text}`]);
  });

  it('reads sar_* TLV concatenation, keeping two senders apart', async () => {
    const a = rig.smsc.deliverMo({ from: '+447700900123', to: '12345', text: 'first sender long text', concat: { via: 'sar', ref: 7, partBytes: 8 } });
    const b = rig.smsc.deliverMo({ from: '+447700900999', to: '12345', text: 'second sender text!!', concat: { via: 'sar', ref: 7, partBytes: 8 } });
    await Promise.all([a, b]);
    expect(joinAll(rig.mos).sort()).toEqual(['+447700900123:first sender long text', '+447700900999:second sender text!!']);
  });

  it('persists before acking: a failing onMo gets ESME_RX_T_APPN, the redelivery is accepted', async () => {
    await rig.stop();
    let fail = true;
    const stored: string[] = [];
    rig = await bindRig({
      onMo: async (m) => {
        if (fail) throw new Error('database down');
        stored.push(m.text);
      },
    });
    expect(await rig.smsc.deliverMo({ from: '+447700900123', to: '12345', text: 'hello' })).toEqual([smpp.ESME_RX_T_APPN]);
    expect(rig.errors.map((e) => e.message)).toContain('database down');
    fail = false;
    expect(await rig.smsc.deliverMo({ from: '+447700900123', to: '12345', text: 'hello' })).toEqual([smpp.ESME_ROK]);
    expect(stored).toEqual(['hello']);
  });

  it("hands one sender's MOs to onMo in arrival order even when persisting the first is slower", async () => {
    await rig.stop();
    const stored: string[] = [];
    rig = await bindRig({
      onMo: async (m) => {
        if (m.text === 'first') await new Promise((r) => setTimeout(r, 80));
        stored.push(`${m.from}:${m.text}`);
      },
    });
    await Promise.all([
      rig.smsc.deliverMo({ from: '+447700900123', to: '12345', text: 'first' }),
      rig.smsc.deliverMo({ from: '+447700900123', to: '12345', text: 'second' }),
      rig.smsc.deliverMo({ from: '+447700900999', to: '12345', text: 'other' }),
    ]);
    expect(stored.filter((s) => s.startsWith('+447700900123'))).toEqual(['+447700900123:first', '+447700900123:second']);
    // A different sender is not held up behind the slow one.
    expect(stored.indexOf('+447700900999:other')).toBeLessThan(stored.indexOf('+447700900123:first'));
  });

  it('answers deliver_sm_resp even for an unreadable PDU (ESME_RX_P_APPN) and stays bound', async () => {
    const status = await rig.smsc.deliver({ source_addr_ton: 1, source_addr: '447700900123', destination_addr: '12345', esm_class: 0, data_coding: 4, short_message: Buffer.from([1, 2, 3]) });
    expect(status).toBe(smpp.ESME_RX_P_APPN);
    expect(rig.errors[0]?.message).toMatch(/data_coding 4/);
    expect(rig.mos).toHaveLength(0);
    expect(await rig.smsc.deliverMo({ from: '+447700900123', to: '12345', text: 'still here' })).toEqual([smpp.ESME_ROK]);
  });

  it('refuses (ESME_RX_P_APPN) an MO from a name rather than a number, and a national number with no defaultRegion', async () => {
    const status = await rig.smsc.deliver({ source_addr_ton: 5, source_addr: 'abc', destination_addr: '12345', esm_class: 0, data_coding: 0, short_message: Buffer.from('hi') });
    expect(status).toBe(smpp.ESME_RX_P_APPN);
    expect(rig.errors[0]?.message).toMatch(/source_addr: "abc" is not a phone number or short code/);
    await rig.stop();
    rig = await bindRig({ defaultRegion: undefined });
    expect(await rig.smsc.deliver({ source_addr_ton: 2, source_addr: '07700900123', destination_addr: '12345', esm_class: 0, data_coding: 0, short_message: Buffer.from('hi') })).toBe(smpp.ESME_RX_P_APPN);
    expect(rig.errors[0]?.message).toMatch(/defaultRegion/);
    expect(rig.mos).toHaveLength(0);
  });

  it('refuses a UDH whose part number exceeds its total (ESME_RX_P_APPN, error names the field)', async () => {
    const status = await rig.smsc.deliver({
      source_addr_ton: 1, source_addr: '447700900123', destination_addr: '12345', esm_class: 0x40, data_coding: 0,
      short_message: Buffer.from([0x05, 0x00, 0x03, 0x01, 0x02, 0x05, 0x41, 0x42]),
    });
    expect(status).toBe(smpp.ESME_RX_P_APPN);
    expect(rig.errors[0]?.message).toMatch(/short_message\.udh/);
  });

  it('emits delivery receipts read from TLVs and from the receipt text', async () => {
    const dlrs: Array<{ providerMessageId: string; status: string }> = [];
    rig.esme.on('dlr', (d) => dlrs.push(d));
    const sent = await rig.esme.submit({ from: '12345', to: '+447700900123', text: 'your code 1234' });
    const id = sent.messageIds[0]!;
    expect(await rig.smsc.deliverReceipt({ messageId: id, stat: 'DELIVRD', via: 'tlv' })).toBe(smpp.ESME_ROK);
    expect(await rig.smsc.deliverReceipt({ messageId: id, stat: 'UNDELIV', via: 'text', err: '012' })).toBe(smpp.ESME_ROK);
    await until(() => dlrs.length === 2);
    expect(dlrs[0]).toMatchObject({ providerMessageId: id, status: 'delivered', providerStatus: 'DELIVRD' });
    expect(dlrs[1]).toMatchObject({ providerMessageId: id, status: 'undelivered', providerStatus: 'UNDELIV', errorCode: '012' });
    expect(rig.mos).toHaveLength(0);
  });
});
