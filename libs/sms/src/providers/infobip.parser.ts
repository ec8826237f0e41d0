// Infobip SMS webhooks: inbound messages and delivery reports both arrive as {results: [...]}, one
// request possibly carrying several, so both parsers return arrays.
import {
  isRecord, optionalPositiveInt, optionalString, optionalTimestamp, PayloadError, requireString, requireText,
} from '../payload-error';
import {
  meaningfulErrorCode, normalizeParty, normalizeSender, type DeliveryReport, type DeliveryStatus, type InboundMessage,
  type NormalizeOptions,
} from './inbound-message';

function resultsOf(body: unknown): Record<string, unknown>[] {
  if (!isRecord(body)) throw new PayloadError('body', 'must be a JSON object');
  const results = body['results'];
  if (!Array.isArray(results)) throw new PayloadError('results', 'must be an array');
  return results.map((r, i) => {
    if (!isRecord(r)) throw new PayloadError(`results[${i}]`, 'must be an object');
    return r;
  });
}

export function parseInfobipInbound(body: unknown, options?: NormalizeOptions): InboundMessage[] {
  return resultsOf(body).map((r, i) => {
    const at = `results[${i}]`;
    const receivedAt = optionalTimestamp(r, 'receivedAt', `${at}.receivedAt`);
    const segments = optionalPositiveInt(r, 'smsCount', `${at}.smsCount`);
    return {
      providerMessageId: requireString(r, 'messageId', `${at}.messageId`),
      from: normalizeSender(requireString(r, 'from', `${at}.from`), options, `${at}.from`),
      to: normalizeParty(requireString(r, 'to', `${at}.to`), options, `${at}.to`),
      // `cleanText` has the keyword stripped; the flow needs what the person typed.
      text: requireText(r, 'text', `${at}.text`),
      ...(receivedAt ? { receivedAt } : {}),
      ...(segments !== undefined ? { segments } : {}),
      raw: r,
    };
  });
}

const INFOBIP_GROUP_STATUS: Readonly<Record<string, DeliveryStatus>> = {
  PENDING: 'sent', DELIVERED: 'delivered', UNDELIVERABLE: 'undelivered', EXPIRED: 'undelivered', REJECTED: 'failed',
};

export function parseInfobipDlr(body: unknown): DeliveryReport[] {
  return resultsOf(body).map((r, i) => {
    const at = `results[${i}]`;
    const statusObj = r['status'];
    if (!isRecord(statusObj)) throw new PayloadError(`${at}.status`, 'must be an object');
    const providerStatus = requireString(statusObj, 'groupName', `${at}.status.groupName`);
    const status = INFOBIP_GROUP_STATUS[providerStatus.toUpperCase()];
    if (!status) throw new PayloadError(`${at}.status.groupName`, `unknown status group "${providerStatus}"`);
    const error = r['error'];
    const errorCode = isRecord(error) ? meaningfulErrorCode(optionalString(error, 'name', `${at}.error.name`) === 'NO_ERROR' ? undefined : error['id']) : undefined;
    return { providerMessageId: requireString(r, 'messageId', `${at}.messageId`), status, providerStatus, ...(errorCode ? { errorCode } : {}), raw: r };
  });
}
