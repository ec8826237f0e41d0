// LINK Mobility MyLINK callbacks. LINK documents that MO and DLR callbacks are configured in the
// MyLINK portal with custom headers for authentication, but its public pages do not show the exact
// JSON; the shapes below are our assumption (documented in docs/providers) and accept the common
// variants: MO {reply: {id?, sender, recipient|to, text, timestamp?}, messageId?} and DLR
// {referenceId?, messageId, status, resultCode?}. Authentication is a shared secret sent in a header
// the customer chooses, compared in constant time.
import {
  isRecord, optionalString, optionalTimestamp, PayloadError, requireString, requireText,
} from '../payload-error';
import {
  meaningfulErrorCode, normalizeParty, normalizeSender, safeEqual, type DeliveryReport, type DeliveryStatus, type InboundMessage,
  type NormalizeOptions,
} from './inbound-message';

export function verifySharedSecret(expected: string, headerValue: string | undefined): boolean {
  if (!expected || !headerValue) return false;
  return safeEqual(expected, headerValue.trim());
}

export function parseMyLinkInbound(body: unknown, options?: NormalizeOptions): InboundMessage {
  if (!isRecord(body)) throw new PayloadError('body', 'must be a JSON object');
  const reply = body['reply'];
  if (!isRecord(reply)) throw new PayloadError('reply', 'must be an object');
  const id = optionalString(reply, 'id', 'reply.id') ?? optionalString(body, 'messageId') ?? optionalString(body, 'id');
  if (!id) throw new PayloadError('reply.id', 'is required (or messageId at the top level)');
  const recipientKey = reply['recipient'] !== undefined ? 'recipient' : 'to';
  const receivedAt = optionalTimestamp(reply, 'timestamp', 'reply.timestamp');
  return {
    providerMessageId: id,
    from: normalizeSender(requireString(reply, 'sender', 'reply.sender'), options, 'reply.sender'),
    to: normalizeParty(requireString(reply, recipientKey, `reply.${recipientKey}`), options, `reply.${recipientKey}`),
    text: requireText(reply, 'text', 'reply.text'),
    ...(receivedAt ? { receivedAt } : {}),
    raw: body,
  };
}

const MYLINK_STATUS: Readonly<Record<string, DeliveryStatus>> = {
  delivered: 'delivered', undelivered: 'undelivered', expired: 'undelivered', failed: 'failed', rejected: 'failed',
  sent: 'sent', accepted: 'sent', pending: 'sent', buffered: 'sent', enroute: 'sent',
};

export function parseMyLinkDlr(body: unknown): DeliveryReport {
  if (!isRecord(body)) throw new PayloadError('body', 'must be a JSON object');
  const providerStatus = requireString(body, 'status');
  const status = MYLINK_STATUS[providerStatus.toLowerCase()];
  if (!status) throw new PayloadError('status', `unknown status "${providerStatus}"`);
  const errorCode = status === 'delivered' ? undefined : meaningfulErrorCode(body['resultCode'] ?? body['statusCode']);
  return { providerMessageId: requireString(body, 'messageId'), status, providerStatus, ...(errorCode ? { errorCode } : {}), raw: body };
}
