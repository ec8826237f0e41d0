// submit_sm for one MT: encode, split, and send each part through the window, backing off when
// the SMSC says it is throttling or its queue is full.
import * as smpp from 'smpp';
import { ProviderSendError } from '../outbound/sms-adapter';
import { encodeForSubmit } from './smpp-codec';
import type { SubmitWindow } from './submit-window';

export interface SubmitRequest {
  from: string;
  to: string;
  text: string;
  /** Ask for a delivery receipt (registered_delivery = 1). Default true. */
  receipt?: boolean;
}

export interface SubmitResult {
  /** One SMSC message id per part, in part order. */
  messageIds: string[];
  dataCoding: number;
}

/** What submitMessage needs from the ESME; an interface so the ESME file stays about the session. */
export interface SubmitHost {
  readonly window: SubmitWindow;
  readonly activeSession: smpp.Session | undefined;
  readonly settings: { responseTimeoutMs: number; throttleBackoffMs: number; throttleMaxRetries: number };
  throttledUntil: number;
  waitBound(timeoutMs: number): Promise<void>;
}

const TON = { UNKNOWN: 0, INTERNATIONAL: 1, NATIONAL: 2, ALPHANUMERIC: 5 } as const;

export async function submitMessage(host: SubmitHost, req: SubmitRequest, ref: number): Promise<SubmitResult> {
  if (!req.text) throw new ProviderSendError('smpp', 'rejected', 'text: must not be empty', false);
  if (!req.to || !req.from) throw new ProviderSendError('smpp', 'rejected', `${req.to ? 'from' : 'to'}: is required`, false);
  let encoded;
  try {
    encoded = encodeForSubmit(req.text, ref);
  } catch (err) {
    throw new ProviderSendError('smpp', 'rejected', (err as Error).message, false);
  }
  const messageIds: string[] = [];
  for (const part of encoded.parts) {
    const fields: smpp.PduFields = {
      ...addressFields('source', req.from),
      ...addressFields('dest', req.to),
      esm_class: encoded.esmClass,
      data_coding: encoded.dataCoding,
      registered_delivery: req.receipt === false ? 0 : 1,
      short_message: part,
    };
    try {
      messageIds.push(await submitPart(host, fields));
    } catch (err) {
      if (err instanceof ProviderSendError && messageIds.length > 0) {
        // Some parts are with the SMSC: sending the message again would duplicate them.
        throw new ProviderSendError('smpp', err.code, `${err.message} after ${messageIds.length}/${encoded.parts.length} parts were accepted (${messageIds.join(',')})`, false, err.details);
      }
      throw err;
    }
  }
  return { messageIds, dataCoding: encoded.dataCoding };
}

function addressFields(side: 'source' | 'dest', address: string): smpp.PduFields {
  const international = /^\+\d+$/.test(address);
  const alpha = /[A-Za-z]/.test(address);
  const ton = international ? TON.INTERNATIONAL : alpha ? TON.ALPHANUMERIC : TON.UNKNOWN;
  const npi = international ? 1 : 0;
  const value = international ? address.slice(1) : address;
  return side === 'source'
    ? { source_addr_ton: ton, source_addr_npi: npi, source_addr: value }
    : { dest_addr_ton: ton, dest_addr_npi: npi, destination_addr: value };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function submitPart(host: SubmitHost, fields: smpp.PduFields): Promise<string> {
  const { throttleBackoffMs, throttleMaxRetries, responseTimeoutMs } = host.settings;
  for (let attempt = 0; ; attempt++) {
    const wait = host.throttledUntil - Date.now();
    if (wait > 0) await sleep(wait);
    await host.window.acquire();
    let status: number;
    let messageId: string;
    try {
      ({ status, messageId } = await sendOnce(host, fields, responseTimeoutMs));
    } finally {
      host.window.release();
    }
    if (status === smpp.ESME_ROK) return messageId;
    const throttled = status === smpp.ESME_RTHROTTLED || status === smpp.ESME_RMSGQFUL;
    if (throttled && attempt < throttleMaxRetries) {
      host.throttledUntil = Math.max(host.throttledUntil, Date.now() + throttleBackoffMs * 2 ** attempt);
      continue;
    }
    const hex = `0x${status.toString(16).padStart(8, '0')}`;
    if (throttled) throw new ProviderSendError('smpp', 'throttled', `submit_sm still throttled (${hex}) after ${attempt + 1} attempts`, true, { providerCode: hex });
    const retryable = status === smpp.ESME_RSYSERR || status === smpp.ESME_RX_T_APPN;
    throw new ProviderSendError('smpp', retryable ? 'server_error' : 'rejected', `submit_sm refused with ${hex}`, retryable, { providerCode: hex });
  }
}

async function sendOnce(host: SubmitHost, fields: smpp.PduFields, timeoutMs: number): Promise<{ status: number; messageId: string }> {
  await host.waitBound(timeoutMs);
  const session = host.activeSession;
  if (!session) throw new ProviderSendError('smpp', 'network', 'SMPP session lost before submit_sm', true);
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session.off('close', onClose);
      fn();
    };
    // The SMSC may have accepted a PDU whose response we never saw; the sender must treat
    // these as "unknown" and reconcile via delivery receipts rather than blindly resend.
    const onClose = () => finish(() => reject(new ProviderSendError('smpp', 'network', 'connection dropped while waiting for submit_sm_resp', true)));
    const timer = setTimeout(
      () => finish(() => reject(new ProviderSendError('smpp', 'timeout', `no submit_sm_resp within ${timeoutMs} ms`, true))),
      timeoutMs,
    );
    session.once('close', onClose);
    const sent = session.submit_sm(fields, (resp) =>
      finish(() => resolve({ status: resp.command_status, messageId: String(resp['message_id'] ?? '') })),
    );
    if (!sent) finish(() => reject(new ProviderSendError('smpp', 'network', 'SMPP socket not writable', true)));
  });
}
