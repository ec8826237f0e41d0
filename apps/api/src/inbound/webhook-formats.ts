import type { IncomingHttpHeaders } from 'node:http';
import { MOFLOW_SIGNATURE_HEADER, providerSchema } from '@moflow/providers';
import {
  parseGenericDlr, parseGenericInbound, parseInfobipDlr, parseInfobipInbound, parseMyLinkDlr, parseMyLinkInbound, parseSinchDlr,
  parseSinchInbound, parseTwilioInbound, parseTwilioStatus, parseVonageDlr, parseVonageInbound, verifyGenericSignature,
  verifySharedSecret, verifyTwilioSignature, verifyVonageSignature, type DeliveryReport, type FormParams, type InboundMessage,
  type VonageSignatureMethod,
} from '@moflow/sms';
import type { ProviderSettings } from '../channels/provider-adapters';

export interface WebhookRequest {
  method: string;
  /** The URL the provider called as configured in its console: PUBLIC_URL + path and query. */
  publicUrl: string;
  query: Record<string, unknown>;
  body: unknown;
  rawBody: Buffer | undefined;
  headers: IncomingHttpHeaders;
}

const VONAGE_METHODS: readonly VonageSignatureMethod[] = ['md5hash', 'md5', 'sha1', 'sha256', 'sha512'];
const s = (p: ProviderSettings, key: string): string => (typeof p[key] === 'string' ? (p[key] as string) : '');
const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/** Vonage sends GET query parameters, or a POST form or JSON body. */
function vonageParams(req: WebhookRequest): Record<string, unknown> {
  if (req.method === 'GET') return req.query;
  return req.body && typeof req.body === 'object' && Object.keys(req.body).length ? (req.body as Record<string, unknown>) : req.query;
}

/** Basic-auth password or the configured header, for providers that sign nothing in the payload. */
function sharedSecretOk(p: ProviderSettings, req: WebhookRequest): boolean {
  const secret = s(p, 'webhookSecret');
  const basic = /^Basic (.+)$/i.exec(header(req.headers, 'authorization') ?? '');
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    return verifySharedSecret(secret, decoded.slice(decoded.indexOf(':') + 1));
  }
  return verifySharedSecret(secret, header(req.headers, s(p, 'webhookHeader') || 'x-webhook-secret'));
}

/** Twilio sends GET webhooks (a console setting) with the fields in the query, and signs only the URL. */
function twilioParams(req: WebhookRequest): Record<string, unknown> {
  return req.method === 'GET' ? req.query : (req.body as Record<string, unknown>);
}

export type WebhookVerdict = 'ok' | 'no_secret' | 'bad_signature';

/**
 * Is this request really from the channel's provider? A channel without the secret its provider
 * needs refuses everything (an unauthenticated public route must never accept MOs), and says so
 * apart from a wrong signature: the fix is in Moflow's settings, not at the provider.
 */
export function verifyWebhook(provider: string, p: ProviderSettings, req: WebhookRequest): WebhookVerdict {
  const secretField = providerSchema(provider)?.webhookSecret ?? 'webhookSecret';
  if (!s(p, secretField)) return 'no_secret';
  return signatureOk(provider, p, req) ? 'ok' : 'bad_signature';
}

function signatureOk(provider: string, p: ProviderSettings, req: WebhookRequest): boolean {
  switch (provider) {
    case 'twilio':
      return verifyTwilioSignature(s(p, 'authToken'), req.publicUrl, (req.method === 'GET' ? {} : req.body) as FormParams, header(req.headers, 'x-twilio-signature'));
    case 'vonage': {
      const method = VONAGE_METHODS.find((m) => m === p['signatureMethod']) ?? 'md5hash';
      return verifyVonageSignature(vonageParams(req), s(p, 'signatureSecret'), { method }).ok;
    }
    case 'infobip':
    case 'mylink':
    case 'sinch':
      return sharedSecretOk(p, req);
    case 'generic':
    case 'simulator':
    default:
      return !!req.rawBody && verifyGenericSignature(s(p, 'webhookSecret'), req.rawBody, header(req.headers, MOFLOW_SIGNATURE_HEADER));
  }
}

/** MOs of one webhook call; throws PayloadError naming the field. */
export function parseMo(provider: string, req: WebhookRequest, defaultRegion: string | null): InboundMessage[] {
  const options = defaultRegion ? { defaultRegion } : undefined;
  switch (provider) {
    case 'twilio': return [parseTwilioInbound(twilioParams(req), options)];
    case 'vonage': return [parseVonageInbound(vonageParams(req), options)];
    case 'infobip': return parseInfobipInbound(req.body, options);
    case 'mylink': return [parseMyLinkInbound(req.body, options)];
    case 'sinch': return [parseSinchInbound(req.body, options)];
    default: return [parseGenericInbound(req.body, options)];
  }
}

export function parseDlr(provider: string, req: WebhookRequest): DeliveryReport[] {
  switch (provider) {
    case 'twilio': return [parseTwilioStatus(twilioParams(req))];
    case 'vonage': return [parseVonageDlr(vonageParams(req))];
    case 'infobip': return parseInfobipDlr(req.body);
    case 'mylink': return [parseMyLinkDlr(req.body)];
    case 'sinch': return parseSinchDlr(req.body);
    default: return [parseGenericDlr(req.body)];
  }
}
