// Twilio Programmable Messaging webhooks: inbound MO (form-encoded) and status callbacks, and the
// X-Twilio-Signature check (HMAC-SHA1 over the public URL followed by every POST param as key+value
// in key order, base64), as in twilio-node's lib/webhooks/webhooks.
import { createHmac } from 'node:crypto';
import {
  isRecord, optionalPositiveInt, PayloadError, requireString, requireText, type RawParams,
} from '../payload-error';
import {
  meaningfulErrorCode, normalizeParty, normalizeSender, safeEqual, type DeliveryReport, type DeliveryStatus, type InboundMessage,
  type NormalizeOptions,
} from './inbound-message';

export type FormParams = Readonly<Record<string, string | readonly string[] | undefined>>;

export function twilioSignature(authToken: string, url: string, params: FormParams): string {
  let data = url;
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (value === undefined) continue;
    // Repeated keys: twilio-node signs each distinct value, sorted, after the key.
    const values = typeof value === 'string' ? [value] : [...new Set(value)].sort();
    for (const v of values) data += key + v;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

function isFormParams(params: unknown): params is FormParams {
  if (!isRecord(params)) return false;
  return Object.values(params).every((v) =>
    v === undefined || typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')));
}

function requireForm(params: unknown): RawParams {
  if (!isRecord(params)) throw new PayloadError('body', 'must be form fields');
  return params;
}

/**
 * The URL as configured plus the same URL with the default port removed or added: Twilio's back end
 * is not consistent about the port, which is why twilio-node's validateRequest tries both too.
 */
function urlVariants(publicUrl: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(publicUrl);
  } catch {
    return [publicUrl];
  }
  const withoutPort = new URL(parsed);
  withoutPort.port = '';
  const standardPort = parsed.protocol === 'https:' ? '443' : '80';
  const withPort = parsed.port ? parsed.toString() : `${parsed.protocol}//${parsed.hostname}:${standardPort}${parsed.pathname}${parsed.search}`;
  return [...new Set([publicUrl, withoutPort.toString(), withPort])];
}

/**
 * True when the header matches. `publicUrl` must be the URL Twilio called, exactly as configured in
 * its console (scheme, host, port, path and query), not what the proxy forwarded to us.
 */
export function verifyTwilioSignature(
  authToken: string, publicUrl: string, params: FormParams, signatureHeader: string | undefined,
): boolean {
  if (!authToken || !signatureHeader || !isFormParams(params)) return false;
  let ok = false;
  // Every variant is checked (no early exit) so timing does not reveal which one matched.
  for (const url of urlVariants(publicUrl)) {
    if (safeEqual(twilioSignature(authToken, url, params), signatureHeader)) ok = true;
  }
  return ok;
}

export function parseTwilioInbound(input: RawParams, options?: NormalizeOptions): InboundMessage {
  const params = requireForm(input);
  const sid = params['MessageSid'] !== undefined ? requireString(params, 'MessageSid') : requireString(params, 'SmsSid');
  const segments = optionalPositiveInt(params, 'NumSegments');
  return {
    providerMessageId: sid,
    from: normalizeSender(requireString(params, 'From'), options, 'From'),
    to: normalizeParty(requireString(params, 'To'), options, 'To'),
    text: requireText(params, 'Body'),
    ...(segments !== undefined ? { segments } : {}),
    raw: params,
  };
}

const TWILIO_STATUS: Readonly<Record<string, DeliveryStatus>> = {
  accepted: 'sent', scheduled: 'sent', queued: 'sent', sending: 'sent', sent: 'sent',
  delivered: 'delivered', read: 'delivered', undelivered: 'undelivered', failed: 'failed', canceled: 'failed',
};

export function parseTwilioStatus(input: RawParams): DeliveryReport {
  const params = requireForm(input);
  const sid = params['MessageSid'] !== undefined ? requireString(params, 'MessageSid') : requireString(params, 'SmsSid');
  const providerStatus = params['MessageStatus'] !== undefined
    ? requireString(params, 'MessageStatus') : requireString(params, 'SmsStatus');
  const status = TWILIO_STATUS[providerStatus.toLowerCase()];
  if (!status) throw new PayloadError('MessageStatus', `unknown status "${providerStatus}"`);
  const errorCode = meaningfulErrorCode(params['ErrorCode']);
  return { providerMessageId: sid, status, providerStatus, ...(errorCode ? { errorCode } : {}), raw: params };
}
