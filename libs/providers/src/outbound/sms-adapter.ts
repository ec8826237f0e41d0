/** One MT as the sender hands it to a provider. `id` is ours; providers that accept a client
 * reference get it so their delivery reports can be matched even before we store their id. */
export interface OutboundSms {
  id: string;
  from: string;
  to: string;
  text: string;
  /** Where the provider should POST delivery reports for this message. */
  dlrUrl?: string;
}

export interface SendResult {
  /** The provider's id(s) for this message; several when the provider counts parts separately. */
  providerMessageIds: string[];
  status: 'sent' | 'queued';
  segments?: number;
}

export interface SmsAdapter {
  readonly provider: ProviderName;
  /**
   * The provider treats a repeated `OutboundSms.id` as the same message (an idempotency key), so an
   * MT whose outcome was lost in a crash during the call can be sent again safely. Only the
   * generic webhook protocol promises this; without it such an MT is failed, never sent twice.
   */
  readonly dedupesById?: boolean;
  send(msg: OutboundSms): Promise<SendResult>;
  close?(): Promise<void>;
}

export type ProviderName = 'twilio' | 'vonage' | 'infobip' | 'mylink' | 'sinch' | 'webhook' | 'smpp';

export type ProviderErrorCode =
  | 'rate_limited'
  | 'server_error'
  | 'network'
  | 'timeout'
  | 'throttled'
  | 'rejected'
  | 'auth_failed'
  | 'bad_response';

/** A failed send, classified so the sender knows whether another attempt may succeed. Retrying a
 * permanent error would only repeat the refusal; retrying after `retryable` is safe because the
 * provider did not accept the message. */
export class ProviderSendError extends Error {
  override readonly name = 'ProviderSendError';
  constructor(
    readonly provider: ProviderName,
    readonly code: ProviderErrorCode,
    message: string,
    readonly retryable: boolean,
    readonly details: { httpStatus?: number; providerCode?: string; retryAfterMs?: number } = {},
  ) {
    super(`${provider}: ${message}`);
  }

  get retryAfterMs(): number | undefined {
    return this.details.retryAfterMs;
  }
}

/** Maps an HTTP failure status to our classification: 429 and 5xx may pass later, other 4xx never. */
export function errorForHttpStatus(
  provider: ProviderName,
  status: number,
  detail: string,
  retryAfterMs?: number,
  providerCode?: string,
): ProviderSendError {
  const details = { httpStatus: status, retryAfterMs, providerCode };
  if (status === 429) return new ProviderSendError(provider, 'rate_limited', `HTTP 429 ${detail}`.trim(), true, details);
  if (status >= 500) return new ProviderSendError(provider, 'server_error', `HTTP ${status} ${detail}`.trim(), true, details);
  if (status === 401 || status === 403) {
    return new ProviderSendError(provider, 'auth_failed', `HTTP ${status} ${detail}`.trim(), false, details);
  }
  return new ProviderSendError(provider, 'rejected', `HTTP ${status} ${detail}`.trim(), false, details);
}

/** Parses `Retry-After` (delta-seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
