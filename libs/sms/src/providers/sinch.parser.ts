// Sinch SMS REST API callbacks: MO `mo_text` and delivery reports (per-recipient
// `recipient_delivery_report_sms`, or per-batch `delivery_report_sms` with a `statuses` list).
import {
  isRecord, optionalString, optionalTimestamp, PayloadError, requireString, requireText,
} from '../payload-error';
import {
  meaningfulErrorCode, normalizeParty, normalizeSender, type DeliveryReport, type DeliveryStatus, type InboundMessage,
  type NormalizeOptions,
} from './inbound-message';

export function parseSinchInbound(body: unknown, options?: NormalizeOptions): InboundMessage {
  if (!isRecord(body)) throw new PayloadError('body', 'must be a JSON object');
  const type = requireString(body, 'type');
  if (type !== 'mo_text') throw new PayloadError('type', `"${type}" is not supported (only mo_text)`);
  const receivedAt = optionalTimestamp(body, 'received_at');
  return {
    providerMessageId: requireString(body, 'id'),
    from: normalizeSender(requireString(body, 'from'), options, 'from'),
    to: normalizeParty(requireString(body, 'to'), options, 'to'),
    text: requireText(body, 'body'),
    ...(receivedAt ? { receivedAt } : {}),
    raw: body,
  };
}

const SINCH_STATUS: Readonly<Record<string, DeliveryStatus>> = {
  queued: 'sent', dispatched: 'sent', unknown: 'sent', delivered: 'delivered', expired: 'undelivered',
  failed: 'failed', aborted: 'failed', rejected: 'failed', cancelled: 'failed', deleted: 'failed',
};

function statusOf(value: string, field: string): DeliveryStatus {
  const status = SINCH_STATUS[value.toLowerCase()];
  if (!status) throw new PayloadError(field, `unknown status "${value}"`);
  return status;
}

/** Reports are keyed by batch_id (what the send call returned); one per status group for batch reports. */
export function parseSinchDlr(body: unknown): DeliveryReport[] {
  if (!isRecord(body)) throw new PayloadError('body', 'must be a JSON object');
  const type = requireString(body, 'type');
  const batchId = requireString(body, 'batch_id');
  if (type === 'recipient_delivery_report_sms') {
    const providerStatus = requireString(body, 'status');
    const errorCode = providerStatus.toLowerCase() === 'delivered' ? undefined : meaningfulErrorCode(body['code']);
    return [{ providerMessageId: batchId, status: statusOf(providerStatus, 'status'), providerStatus, ...(errorCode ? { errorCode } : {}), raw: body }];
  }
  if (type === 'delivery_report_sms') {
    const statuses = body['statuses'];
    if (!Array.isArray(statuses) || statuses.length === 0) throw new PayloadError('statuses', 'must be a non-empty array');
    return statuses.map((s, i) => {
      if (!isRecord(s)) throw new PayloadError(`statuses[${i}]`, 'must be an object');
      const providerStatus = requireString(s, 'status', `statuses[${i}].status`);
      const code = optionalString(s, 'code', `statuses[${i}].code`);
      const errorCode = providerStatus.toLowerCase() === 'delivered' ? undefined : meaningfulErrorCode(code);
      return { providerMessageId: batchId, status: statusOf(providerStatus, `statuses[${i}].status`), providerStatus, ...(errorCode ? { errorCode } : {}), raw: s };
    });
  }
  throw new PayloadError('type', `"${type}" is not a delivery report type`);
}
