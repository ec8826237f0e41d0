// Moflow's own JSON webhook format, for providers we have no adapter for: {id, from, to, text,
// receivedAt?} signed with a hex HMAC-SHA256 of the raw body in a header ("sha256=" prefix allowed,
// as GitHub-style senders add it).
import { createHmac } from 'node:crypto';
import { isRecord, optionalString, optionalTimestamp, PayloadError, requireString, requireText } from '../payload-error';
import {
  meaningfulErrorCode, normalizeParty, normalizeSender, safeEqual, type DeliveryReport, type DeliveryStatus, type InboundMessage,
  type NormalizeOptions,
} from './inbound-message';

export function genericSignature(secret: string, rawBody: string | Uint8Array): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

/** The raw body must be the exact bytes received: re-serialised JSON would not match. */
export function verifyGenericSignature(secret: string, rawBody: string | Uint8Array, header: string | undefined): boolean {
  if (!secret || !header) return false;
  const given = header.trim().replace(/^sha256=/i, '').toLowerCase();
  return safeEqual(genericSignature(secret, rawBody), given);
}

export function parseGenericInbound(body: unknown, options?: NormalizeOptions): InboundMessage {
  if (!isRecord(body)) throw new PayloadError('body', 'must be a JSON object');
  const receivedAt = optionalTimestamp(body, 'receivedAt');
  return {
    providerMessageId: requireString(body, 'id'),
    from: normalizeSender(requireString(body, 'from'), options, 'from'),
    to: normalizeParty(requireString(body, 'to'), options, 'to'),
    text: requireText(body, 'text'),
    ...(receivedAt ? { receivedAt } : {}),
    raw: body,
  };
}

const GENERIC_STATUS: ReadonlySet<string> = new Set(['delivered', 'undelivered', 'failed', 'sent']);

export function parseGenericDlr(body: unknown): DeliveryReport {
  if (!isRecord(body)) throw new PayloadError('body', 'must be a JSON object');
  const providerStatus = requireString(body, 'status');
  if (!GENERIC_STATUS.has(providerStatus)) {
    throw new PayloadError('status', `must be one of delivered, undelivered, failed, sent; got "${providerStatus}"`);
  }
  const errorCode = meaningfulErrorCode(optionalString(body, 'errorCode'));
  return { providerMessageId: requireString(body, 'id'), status: providerStatus as DeliveryStatus, providerStatus, ...(errorCode ? { errorCode } : {}), raw: body };
}
