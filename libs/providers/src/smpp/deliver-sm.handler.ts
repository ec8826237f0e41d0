// Turns one deliver_sm into an MO, a delivery receipt, or a part still waiting for its siblings.
import { randomUUID } from 'node:crypto';
import { normalizeAddress, parseSmppReceipt, smppMessageState, type DeliveryReport, type InboundMessage } from '@moflow/sms';
import type { PDU } from 'smpp';
import { SmppConcatAssembler } from './concat-assembler';
import { ESM_UDHI, concatOf, decodeText, udhBytes, wireBytes, type ConcatRef } from './smpp-codec';

/** esm_class bits 2–5 give the message type; any non-zero type is a receipt or acknowledgement. */
const ESM_MESSAGE_TYPE = 0x3c;
const TON_INTERNATIONAL = 1;

export type DeliverOutcome =
  | { kind: 'mo'; message: InboundMessage }
  | { kind: 'dlr'; report: DeliveryReport & { messageState?: number } }
  | { kind: 'part'; received: ConcatRef };

/** A deliver_sm we cannot turn into anything; answered with ESME_RX_P_APPN so the SMSC stops. */
export class UnreadableDeliverError extends Error {
  override readonly name = 'UnreadableDeliverError';
}

export function interpretDeliverSm(pdu: PDU, assembler: SmppConcatAssembler, defaultRegion?: string): DeliverOutcome {
  const esmClass = Number(pdu['esm_class'] ?? 0);
  const dataCoding = Number(pdu['data_coding'] ?? 0);
  if ((esmClass & ESM_MESSAGE_TYPE) !== 0) return { kind: 'dlr', report: readReceipt(pdu, dataCoding) };

  const from = address(String(pdu['source_addr'] ?? ''), Number(pdu['source_addr_ton'] ?? 0), defaultRegion, 'source_addr');
  const to = address(String(pdu['destination_addr'] ?? ''), Number(pdu['dest_addr_ton'] ?? 0), defaultRegion, 'destination_addr');
  const payloadField = pdu['message_payload'] !== undefined ? pdu['message_payload'] : pdu['short_message'];
  let bytes = safeWireBytes(payloadField, dataCoding);
  let concat: ConcatRef | undefined;
  if (esmClass & ESM_UDHI) {
    try {
      // The package has split the UDH off already unless the payload arrived as raw bytes.
      const decoded = payloadField as { udh?: Buffer[] } | Buffer | undefined;
      if (Buffer.isBuffer(decoded)) {
        concat = concatOf(decoded);
        bytes = decoded.subarray((decoded[0] ?? 0) + 1);
      } else if (decoded?.udh?.length) {
        concat = concatOf(udhBytes(decoded.udh));
      }
    } catch (err) {
      throw new UnreadableDeliverError((err as Error).message);
    }
  }
  const sarRef = pdu['sar_msg_ref_num'];
  if (!concat && typeof sarRef === 'number') {
    concat = { ref: sarRef, total: Number(pdu['sar_total_segments'] ?? 1), part: Number(pdu['sar_segment_seqnum'] ?? 1) };
  }

  if (concat && concat.total > 1) {
    let whole;
    try {
      whole = assembler.add({ key: { from, to, ref: concat.ref, total: concat.total }, seq: concat.part, bytes, dataCoding });
    } catch (err) {
      throw new UnreadableDeliverError((err as Error).message);
    }
    if (!whole) return { kind: 'part', received: concat };
    return { kind: 'mo', message: inbound(from, to, decode(whole.bytes, whole.dataCoding), pdu, whole.total, concat) };
  }
  return { kind: 'mo', message: inbound(from, to, decode(bytes, dataCoding), pdu, 1) };
}

function inbound(from: string, to: string, text: string, pdu: PDU, segments: number, concat?: ConcatRef): InboundMessage {
  return {
    // SMPP gives an MO no id of its own; ours is unique per accepted message (see report on dedupe).
    providerMessageId: `smpp-${randomUUID()}`,
    from,
    to,
    text,
    receivedAt: new Date().toISOString(),
    segments,
    // Already reassembled, so no `concat` (that field describes a part still to be joined).
    raw: { service_type: pdu['service_type'], data_coding: pdu['data_coding'], esm_class: pdu['esm_class'], ...(concat ? { concatRef: concat.ref } : {}) },
  };
}

function readReceipt(pdu: PDU, dataCoding: number): DeliveryReport & { messageState?: number } {
  const tlvId = pdu['receipted_message_id'];
  const tlvState = pdu['message_state'];
  let text = '';
  try {
    text = decode(safeWireBytes(pdu['short_message'], dataCoding), dataCoding);
  } catch {
    text = '';
  }
  try {
    if (typeof tlvId === 'string' && tlvId && typeof tlvState === 'number') {
      const state = smppMessageState(tlvState);
      const fromText = text ? tryReceipt(text) : undefined;
      return {
        providerMessageId: tlvId,
        ...state,
        ...(fromText?.errorCode ? { errorCode: fromText.errorCode } : {}),
        messageState: tlvState,
        raw: { receipted_message_id: tlvId, message_state: tlvState, text },
      };
    }
    return parseSmppReceipt(text);
  } catch (err) {
    throw new UnreadableDeliverError(`delivery receipt: ${(err as Error).message}`);
  }
}

function tryReceipt(text: string) {
  try {
    return parseSmppReceipt(text);
  } catch {
    return undefined;
  }
}

function address(raw: string, ton: number, region: string | undefined, field: string): string {
  const value = ton === TON_INTERNATIONAL && /^\d+$/.test(raw) ? `+${raw}` : raw;
  try {
    return normalizeAddress(value, region, field).value;
  } catch (err) {
    throw new UnreadableDeliverError((err as Error).message);
  }
}

function safeWireBytes(value: unknown, dataCoding: number): Buffer {
  try {
    return wireBytes(value, dataCoding);
  } catch (err) {
    throw new UnreadableDeliverError((err as Error).message);
  }
}

function decode(bytes: Buffer, dataCoding: number): string {
  try {
    return decodeText(bytes, dataCoding);
  } catch (err) {
    throw new UnreadableDeliverError((err as Error).message);
  }
}
