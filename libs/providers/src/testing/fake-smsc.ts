// A real SMPP 3.4 SMSC peer on 127.0.0.1, built with the same `smpp` package as the ESME.
import type { AddressInfo } from 'node:net';
import { toGsm7Bytes, toUcs2Bytes } from '@moflow/sms';
import * as smpp from 'smpp';
import { ESM_UDHI, concatOf, decodeText, udhBytes, wireBytes, type ConcatRef } from '../smpp/smpp-codec';

export interface RecordedSubmit {
  source: string;
  sourceTon: number;
  destination: string;
  destTon: number;
  dataCoding: number;
  esmClass: number;
  registeredDelivery: number;
  /** Concatenation IE when the part carries a UDH. */
  concat?: ConcatRef;
  /** The UDH bytes exactly as sent (UDHL included), when present. */
  udh?: Buffer;
  /** Payload bytes after the UDH. */
  payload: Buffer;
  text: string;
  messageId: string;
}

export interface MoOptions {
  from: string;
  to: string;
  text: string;
  encoding?: 'gsm7' | 'ucs2' | 'latin1';
  /** Split into parts of this many payload bytes using UDH (8/16-bit ref) or sar_* TLVs. */
  concat?: { via: 'udh8' | 'udh16' | 'sar'; ref: number; partBytes: number };
  /** Deliver the parts in this order (indexes into the parts), to test reassembly. */
  order?: number[];
}

export class FakeSmsc {
  readonly submits: RecordedSubmit[] = [];
  binds = 0;
  bindFailures = 0;
  enquireLinks = 0;
  /** When true, enquire_link gets no answer: the ESME must notice the dead link. */
  ignoreEnquireLink = false;
  /** When true, submit_sm responses are held until release() — to observe the ESME's window. */
  holdResponses = false;
  peakOutstanding = 0;
  /** How submit_sm_resp writes message ids: `smsc-<hex>` (default), or a bare number in upper-case hex or in decimal, as real SMSCs do. */
  idFormat: 'smsc' | 'hex' | 'decimal' = 'smsc';
  private readonly held: Array<() => void> = [];
  private throttleQueue: number[] = [];
  private seq = 0;
  private readonly server: smpp.Server;
  private port = 0;

  constructor(
    readonly systemId: string,
    readonly password: string,
  ) {
    this.server = smpp.createServer((session) => this.onSession(session));
  }

  /** Listens on 127.0.0.1; port 0 (default) picks a free one. */
  async start(port = 0): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  get address(): { host: string; port: number } {
    return { host: '127.0.0.1', port: this.port };
  }

  /** Answer the next `n` submit_sm with this status (ESME_RTHROTTLED by default). */
  throttleNext(n: number, status = smpp.ESME_RTHROTTLED): void {
    for (let i = 0; i < n; i++) this.throttleQueue.push(status);
  }

  get outstanding(): number {
    return this.held.length;
  }

  release(): void {
    this.holdResponses = false;
    for (const send of this.held.splice(0)) send();
  }

  /** Ends every ESME connection abruptly, as a crashed SMSC or a network cut would. */
  dropConnections(): void {
    for (const s of [...this.server.sessions]) s.destroy();
  }

  get boundSessions(): number {
    return this.server.sessions.filter((s) => (s as smpp.Session & { bound?: boolean }).bound).length;
  }

  /** Sends an MO (one or several deliver_sm); resolves with the deliver_sm_resp statuses. */
  async deliverMo(opts: MoOptions): Promise<number[]> {
    const encoding = opts.encoding ?? 'gsm7';
    const dataCoding = encoding === 'ucs2' ? 8 : encoding === 'latin1' ? 3 : 0;
    const bytes = Buffer.from(encoding === 'ucs2' ? toUcs2Bytes(opts.text) : encoding === 'latin1' ? Buffer.from(opts.text, 'latin1') : toGsm7Bytes(opts.text));
    const base = { source_addr_ton: 1, source_addr_npi: 1, source_addr: opts.from.replace(/^\+/, ''), dest_addr_ton: 0, dest_addr_npi: 0, destination_addr: opts.to, data_coding: dataCoding };
    if (!opts.concat) return [await this.deliver({ ...base, esm_class: 0, short_message: bytes })];
    const { via, ref, partBytes } = opts.concat;
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += partBytes) chunks.push(bytes.subarray(i, i + partBytes));
    const total = chunks.length;
    const pdus = chunks.map((chunk, i): smpp.PduFields => {
      if (via === 'sar') return { ...base, esm_class: 0, short_message: chunk, sar_msg_ref_num: ref, sar_total_segments: total, sar_segment_seqnum: i + 1 };
      const udh = via === 'udh8' ? [0x05, 0x00, 0x03, ref & 0xff, total, i + 1] : [0x06, 0x08, 0x04, (ref >> 8) & 0xff, ref & 0xff, total, i + 1];
      return { ...base, esm_class: ESM_UDHI, short_message: Buffer.concat([Buffer.from(udh), chunk]) };
    });
    const order = opts.order ?? pdus.map((_, i) => i);
    const statuses: number[] = [];
    for (const i of order) statuses.push(await this.deliver(pdus[i] ?? {}));
    return statuses;
  }

  /** Sends a delivery receipt for a message id, by TLVs (plus text) or by the text alone. */
  deliverReceipt(opts: { messageId: string; stat: 'DELIVRD' | 'UNDELIV' | 'EXPIRED' | 'REJECTD' | 'ENROUTE'; via: 'tlv' | 'text'; err?: string; to?: string; from?: string }): Promise<number> {
    const text = `id:${opts.messageId} sub:001 dlvrd:${opts.stat === 'DELIVRD' ? '001' : '000'} submit date:2501011200 done date:2501011201 stat:${opts.stat} err:${opts.err ?? '000'} text:`;
    const state = { ENROUTE: 1, DELIVRD: 2, EXPIRED: 3, UNDELIV: 5, REJECTD: 8 }[opts.stat];
    return this.deliver({
      source_addr_ton: 1, source_addr_npi: 1, source_addr: (opts.from ?? '+447700900123').replace(/^\+/, ''),
      destination_addr: opts.to ?? '12345', esm_class: 0x04, data_coding: 0,
      short_message: Buffer.from(text, 'ascii'),
      ...(opts.via === 'tlv' ? { receipted_message_id: opts.messageId, message_state: state } : {}),
    });
  }

  /** Sends any deliver_sm (for malformed-input tests); resolves with the resp status. */
  deliver(fields: smpp.PduFields): Promise<number> {
    const session = this.server.sessions.find((s) => (s as smpp.Session & { bound?: boolean }).bound);
    if (!session) return Promise.reject(new Error('fake SMSC: no bound ESME to deliver to'));
    return new Promise((resolve) => session.deliver_sm(fields, (resp) => resolve(resp.command_status)));
  }

  async stop(): Promise<void> {
    this.release();
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onSession(session: smpp.Session): void {
    const s = session as smpp.Session & { bound?: boolean };
    session.on('error', () => undefined);
    session.socket.setNoDelay(true);
    session.on('bind_transceiver', (pdu: smpp.PDU) => {
      if (pdu['system_id'] !== this.systemId || pdu['password'] !== this.password) {
        this.bindFailures++;
        session.send(pdu.response({ command_status: pdu['system_id'] !== this.systemId ? smpp.ESME_RINVSYSID : smpp.ESME_RINVPASWD }));
        return;
      }
      this.binds++;
      s.bound = true;
      session.send(pdu.response({ system_id: 'FakeSMSC' }));
    });
    session.on('enquire_link', (pdu: smpp.PDU) => {
      this.enquireLinks++;
      if (!this.ignoreEnquireLink) session.send(pdu.response());
    });
    session.on('unbind', (pdu: smpp.PDU) => {
      s.bound = false;
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu: smpp.PDU) => this.onSubmit(session, pdu));
  }

  private onSubmit(session: smpp.Session, pdu: smpp.PDU): void {
    const throttled = this.throttleQueue.shift();
    if (throttled !== undefined) {
      session.send(pdu.response({ command_status: throttled }));
      return;
    }
    const dataCoding = Number(pdu['data_coding'] ?? 0);
    const esmClass = Number(pdu['esm_class'] ?? 0);
    const decoded = pdu['short_message'] as smpp.DecodedMessage;
    const payload = wireBytes(decoded, dataCoding);
    const udhElements = esmClass & ESM_UDHI ? decoded.udh : undefined;
    const udh = udhElements ? udhBytes(udhElements) : undefined;
    const concat = udh ? concatOf(udh) : undefined;
    const n = ++this.seq + 0x1a2b3c00;
    const messageId = this.idFormat === 'hex' ? n.toString(16).toUpperCase() : this.idFormat === 'decimal' ? String(n) : `smsc-${this.seq.toString(16).padStart(8, '0')}`;
    this.submits.push({
      source: String(pdu['source_addr']), sourceTon: Number(pdu['source_addr_ton']),
      destination: String(pdu['destination_addr']), destTon: Number(pdu['dest_addr_ton']),
      dataCoding, esmClass, registeredDelivery: Number(pdu['registered_delivery'] ?? 0),
      ...(concat ? { concat } : {}), ...(udh ? { udh } : {}),
      payload, text: decodeText(payload, dataCoding), messageId,
    });
    const respond = () => session.send(pdu.response({ message_id: messageId }));
    if (this.holdResponses) {
      this.held.push(respond);
      this.peakOutstanding = Math.max(this.peakOutstanding, this.held.length);
    } else {
      respond();
    }
  }
}
