// Turns one deliver_sm into an MO (whole, or one part of a concatenated MO, carrying its raw bytes
// for the inbox to store and join durably) or a delivery receipt. Nothing is kept in memory here:
// a part acknowledged with deliver_sm_resp must already be in the database.
import { createHash } from 'node:crypto';
import { normalizeParty, normalizeSender, parseSmppReceipt, smppMessageState, type DeliveryReport, type InboundMessage } from '@moflow/sms';
import type { PDU } from 'smpp';
import { ESM_UDHI, concatOf, decodeText, udhBytes, wireBytes, type ConcatRef } from './smpp-codec';

/**
 * SMPP gives an MO no id of its own, and an SMSC that lost our deliver_sm_resp delivers the same
 * PDU again. The provider id is therefore derived from what the PDU carries (source, destination,
 * data_coding, payload bytes, concatenation reference/total/part) and the 5-minute bucket it
 * arrived in; the id of the previous bucket is an alias. So the same PDU again within 5 minutes
 * (up to 10, depending on where the bucket boundary falls) is a duplicate; the same text sent
 * again later is a new message.
 */
export const SMPP_REDELIVERY_WINDOW_MS = 5 * 60_000;

/** esm_class bits 2–5 give the message type; any non-zero type is a receipt or acknowledgement. */
const ESM_MESSAGE_TYPE = 0x3c;
const TON_INTERNATIONAL = 1;

export type DeliverOutcome =
  | { kind: 'mo'; message: InboundMessage }
  | { kind: 'dlr'; report: DeliveryReport & { messageState?: number } };

/** A deliver_sm we cannot turn into anything; answered with ESME_RX_P_APPN so the SMSC stops. */
export class UnreadableDeliverError extends Error {
  override readonly name = 'UnreadableDeliverError';
}

export function interpretDeliverSm(pdu: PDU, defaultRegion?: string, now = Date.now()): DeliverOutcome {
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

  if (concat && (concat.total < 1 || concat.part < 1 || concat.part > concat.total)) {
    throw new UnreadableDeliverError(`concatenation: part ${concat.part} of ${concat.total} is out of range`);
  }
  const ids = providerIds(from, to, dataCoding, bytes, concat, now);
  if (concat && concat.total > 1) {
    // A part: stored with its bytes and joined by the inbox in the flush that completes the group.
    return {
      kind: 'mo',
      message: {
        ...ids, from, to, text: partText(bytes, dataCoding), receivedAt: new Date(now).toISOString(), segments: 1,
        concat: { ref: `${to}/${concat.ref}`, total: concat.total, part: concat.part },
        partBytes: { base64: bytes.toString('base64'), dataCoding },
        raw: { service_type: pdu['service_type'], data_coding: pdu['data_coding'], esm_class: pdu['esm_class'], concatRef: concat.ref },
      },
    };
  }
  return {
    kind: 'mo',
    message: {
      ...ids, from, to, text: decode(bytes, dataCoding), receivedAt: new Date(now).toISOString(), segments: 1,
      raw: { service_type: pdu['service_type'], data_coding: pdu['data_coding'], esm_class: pdu['esm_class'] },
    },
  };
}

/** Joins stored parts' bytes (in part order) and decodes them: the text of a concatenated MO. */
export function joinSmppParts(parts: ReadonlyArray<{ base64: string; dataCoding: number }>): string {
  const dataCoding = parts[0]?.dataCoding ?? 0;
  return decodeText(Buffer.concat(parts.map((p) => Buffer.from(p.base64, 'base64'))), dataCoding);
}

function providerIds(from: string, to: string, dataCoding: number, bytes: Buffer, concat: ConcatRef | undefined, now: number) {
  const hash = createHash('sha256')
    .update([from, to, dataCoding, concat ? `${concat.ref}/${concat.total}/${concat.part}` : '-', bytes.toString('hex')].join('\u0000'))
    .digest('hex').slice(0, 32);
  const bucket = Math.floor(now / SMPP_REDELIVERY_WINDOW_MS);
  return { providerMessageId: `smpp-${hash}-${bucket}`, dedupeAliases: [`smpp-${hash}-${bucket - 1}`] };
}

/** A part's own text, for the message list while it waits: a character split across parts shows as U+FFFD. */
function partText(bytes: Buffer, dataCoding: number): string {
  try {
    return decodeText(bytes, dataCoding);
  } catch (err) {
    if (err instanceof RangeError && /data_coding/.test(err.message)) throw new UnreadableDeliverError(err.message);
    return '\ufffd';
  }
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
    return field === 'source_addr' ? normalizeSender(value, { defaultRegion: region }, field) : normalizeParty(value, { defaultRegion: region }, field);
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
