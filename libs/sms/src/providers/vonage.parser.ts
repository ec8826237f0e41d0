// Vonage (Nexmo) SMS API webhooks: inbound MO (GET query or POST form/JSON), delivery receipts and
// the legacy `sig` signature. The signing algorithm mirrors Vonage's official Python SDK
// (vonage.Client.signature / check_signature): params sorted by key, each added as "&key=value"
// with "&" and "=" inside values replaced by "_", then either MD5 of that string + secret
// ("md5hash") or an HMAC of it keyed with the secret ("md5", "sha1", "sha256", "sha512"), hex.
// The official Node SDK (@vonage/sms verifySignature) does the same; the Java SDK additionally
// leaves out blank values, so a request with blank params is accepted under either reading.
import { createHash } from 'node:crypto';
import {
  isRecord, optionalPositiveInt, optionalString, optionalTimestamp, parseTimestamp, PayloadError, requireString,
  requireText, type RawParams,
} from '../payload-error';
import {
  hmacHex, meaningfulErrorCode, normalizeParty, normalizeSender, safeEqual, singleValue, type DeliveryReport, type DeliveryStatus,
  type InboundMessage, type NormalizeOptions,
} from './inbound-message';

export type VonageSignatureMethod = 'md5hash' | 'md5' | 'sha1' | 'sha256' | 'sha512';

export interface VonageVerifyOptions {
  method: VonageSignatureMethod;
  /** Reject messages whose `timestamp` is further than this from now (default 300 s; 0 disables). */
  maxSkewSeconds?: number;
  now?: () => number;
}

export type VerifyResult =
  | { ok: true }
  | { ok: false; reason: 'malformed' | 'missing_signature' | 'bad_signature' | 'missing_timestamp' | 'stale_timestamp' };

/** Query/form params as plain strings; anything nested is a malformed request, not a crash. */
function flatten(params: unknown): Record<string, string> {
  if (!isRecord(params)) throw new PayloadError('body', 'must be query or form parameters');
  const out: Record<string, string> = {};
  for (const key of Object.keys(params)) {
    const value = singleValue(params, key);
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') out[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
    else throw new PayloadError(key, 'must be a single value');
  }
  return out;
}

/** The signature Vonage computes over params (everything except `sig`). */
export function vonageSignature(params: RawParams, secret: string, method: VonageSignatureMethod): string {
  const flat = flatten(params);
  let data = '';
  for (const key of Object.keys(flat).sort()) {
    if (key === 'sig') continue;
    data += `&${key}=${(flat[key] ?? '').replace(/[&=]/g, '_')}`;
  }
  if (method === 'md5hash') return createHash('md5').update(data + secret, 'utf8').digest('hex');
  return hmacHex(method, secret, data);
}

export function verifyVonageSignature(params: RawParams, secret: string, options: VonageVerifyOptions): VerifyResult {
  let flat: Record<string, string>;
  try {
    flat = flatten(params);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const sig = flat['sig'];
  if (!sig) return { ok: false, reason: 'missing_signature' };
  const given = sig.toLowerCase(); // Vonage's SDKs compare case-insensitively.
  let matched = safeEqual(vonageSignature(flat, secret, options.method), given);
  const nonBlank = Object.fromEntries(Object.entries(flat).filter(([, v]) => v.trim() !== ''));
  if (Object.keys(nonBlank).length !== Object.keys(flat).length) {
    matched = safeEqual(vonageSignature(nonBlank, secret, options.method), given) || matched;
  }
  if (!matched) return { ok: false, reason: 'bad_signature' };
  const maxSkew = options.maxSkewSeconds ?? 300;
  if (maxSkew > 0) {
    const ts = flat['timestamp'];
    if (!ts) return { ok: false, reason: 'missing_timestamp' };
    const at = parseTimestamp(ts);
    const now = (options.now ?? Date.now)();
    if (!at || Math.abs(now - at.getTime()) > maxSkew * 1000) return { ok: false, reason: 'stale_timestamp' };
  }
  return { ok: true };
}

function concatOf(p: Record<string, string>): InboundMessage['concat'] {
  if (p['concat'] !== 'true') return undefined;
  const ref = p['concat-ref'];
  if (!ref) throw new PayloadError('concat-ref', 'is required when concat is true');
  const total = optionalPositiveInt(p, 'concat-total');
  const part = optionalPositiveInt(p, 'concat-part');
  if (total === undefined) throw new PayloadError('concat-total', 'is required when concat is true');
  if (part === undefined) throw new PayloadError('concat-part', 'is required when concat is true');
  if (part > total) throw new PayloadError('concat-part', `is ${part} but concat-total is ${total}`);
  return { ref, total, part };
}

export function parseVonageInbound(params: RawParams, options?: NormalizeOptions): InboundMessage {
  const p = flatten(params);
  const type = optionalString(p, 'type') ?? 'text';
  if (type !== 'text' && type !== 'unicode') {
    throw new PayloadError('type', `"${type}" messages are not supported (only text and unicode)`);
  }
  const receivedAt = optionalTimestamp(p, 'message-timestamp');
  const concat = concatOf(p);
  return {
    providerMessageId: requireString(p, 'messageId'),
    from: normalizeSender(requireString(p, 'msisdn'), options, 'msisdn'),
    to: normalizeParty(requireString(p, 'to'), options, 'to'),
    text: requireText(p, 'text'),
    ...(receivedAt ? { receivedAt } : {}),
    ...(concat ? { concat } : {}),
    raw: params,
  };
}

const VONAGE_DLR_STATUS: Readonly<Record<string, DeliveryStatus>> = {
  delivered: 'delivered', expired: 'undelivered', failed: 'failed', rejected: 'failed',
  accepted: 'sent', buffered: 'sent', unknown: 'sent',
};

export function parseVonageDlr(params: RawParams): DeliveryReport {
  const p = flatten(params);
  const providerStatus = requireString(p, 'status');
  const status = VONAGE_DLR_STATUS[providerStatus.toLowerCase()];
  if (!status) throw new PayloadError('status', `unknown status "${providerStatus}"`);
  const errorCode = meaningfulErrorCode(p['err-code']);
  return { providerMessageId: requireString(p, 'messageId'), status, providerStatus, ...(errorCode ? { errorCode } : {}), raw: params };
}
