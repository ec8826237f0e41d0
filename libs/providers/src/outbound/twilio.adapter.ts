import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import type TwilioResponse from 'twilio/lib/http/response';
import { ProviderConfigError, optionalUrl, requireText } from './adapter-options';
import { DestinationRefused, type Destinations } from './destination-policy';
import { ProviderSendError, errorForHttpStatus, parseRetryAfter, type OutboundSms, type SendResult, type SmsAdapter } from './sms-adapter';

export interface TwilioAdapterOptions {
  accountSid: string;
  authToken: string;
  /** Replaces `https://api.twilio.com` (and regional hosts); tests point it at a local server. */
  baseUrl?: string;
  /** Send through this Messaging Service (MG…) instead of `From`: Twilio picks the sender from its pool. */
  messagingServiceSid?: string;
  timeoutMs?: number;
  /** The address policy a `baseUrl` override must pass on every connection; none: any address. */
  destinations?: Destinations;
}

interface CallContext {
  retryAfterMs?: number;
}

/** The official SDK builds, authenticates and parses the request; this client only moves it to
 * the configured host and remembers the Retry-After header, which the SDK's RestException drops.
 * The AsyncLocalStorage ties that header to the send() that caused it when sends run concurrently. */
class RedirectingRequestClient extends RequestClient {
  constructor(
    private readonly baseUrl: string | undefined,
    private readonly calls: AsyncLocalStorage<CallContext>,
    timeoutMs: number,
    destinations: Destinations | undefined,
  ) {
    super({ timeout: timeoutMs, autoRetry: false });
    if (baseUrl && destinations) {
      // An overridden host is set by an admin: its connections go through the policy's agents, which
      // judge the address when they connect. The SDK follows no redirects here (allowRedirects unset).
      this.axios.interceptors.request.use(async (config) => {
        const policy = await destinations();
        config.httpAgent = policy.agents['http:'];
        config.httpsAgent = policy.agents['https:'];
        config.maxRedirects = 0;
        return config;
      });
    }
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<TwilioResponse<TData>> {
    const uri = this.baseUrl ? rewriteHost(opts.uri, this.baseUrl) : opts.uri;
    const res = await super.request({ ...opts, uri });
    const ctx = this.calls.getStore();
    if (ctx && res.statusCode === 429) {
      const header = (res.headers as Record<string, string | undefined> | undefined)?.['retry-after'];
      ctx.retryAfterMs = parseRetryAfter(header);
    }
    return res;
  }
}

function rewriteHost(uri: string, baseUrl: string): string {
  const u = new URL(uri);
  if (!/(^|\.)twilio\.com$/.test(u.hostname)) return uri;
  return baseUrl.replace(/\/+$/, '') + u.pathname + u.search;
}

export class TwilioAdapter implements SmsAdapter {
  readonly provider = 'twilio' as const;
  private readonly client: twilio.Twilio;
  private readonly calls = new AsyncLocalStorage<CallContext>();
  private readonly messagingServiceSid: string | undefined;

  constructor(opts: TwilioAdapterOptions) {
    requireText('twilio.accountSid', opts.accountSid);
    requireText('twilio.authToken', opts.authToken);
    optionalUrl('twilio.baseUrl', opts.baseUrl);
    if (opts.messagingServiceSid !== undefined && !/^MG[0-9a-fA-F]{32}$/.test(opts.messagingServiceSid)) {
      throw new ProviderConfigError('twilio.messagingServiceSid', 'must be a Messaging Service SID: MG followed by 32 hex digits');
    }
    this.messagingServiceSid = opts.messagingServiceSid;
    const httpClient = new RedirectingRequestClient(opts.baseUrl, this.calls, opts.timeoutMs ?? 15_000, opts.destinations);
    try {
      this.client = twilio(opts.accountSid, opts.authToken, { httpClient });
    } catch (err) {
      // The SDK validates the SID itself ("accountSid must start with AC").
      throw new ProviderConfigError('twilio.accountSid', (err as Error).message);
    }
  }

  async send(msg: OutboundSms): Promise<SendResult> {
    const ctx: CallContext = {};
    try {
      const created = await this.calls.run(ctx, () =>
        this.client.messages.create({
          to: msg.to, body: msg.text, ...(this.messagingServiceSid ? { messagingServiceSid: this.messagingServiceSid } : { from: msg.from }),
          ...(msg.dlrUrl ? { statusCallback: msg.dlrUrl } : {}),
        }),
      );
      const segments = Number(created.numSegments);
      return {
        providerMessageIds: [created.sid],
        status: created.status === 'sent' ? 'sent' : 'queued',
        ...(Number.isFinite(segments) && segments > 0 ? { segments } : {}),
      };
    } catch (err) {
      throw classifyTwilioError(err, ctx.retryAfterMs);
    }
  }
}

function classifyTwilioError(err: unknown, retryAfterMs: number | undefined): ProviderSendError {
  if (err instanceof twilio.RestException) {
    return errorForHttpStatus('twilio', err.status, `${err.code ?? ''} ${err.message ?? ''}`.trim(), retryAfterMs, err.code?.toString());
  }
  const e = err as { code?: string; message?: string; cause?: unknown };
  const refused = err instanceof DestinationRefused ? err : e.cause instanceof DestinationRefused ? e.cause : null;
  if (refused) return new ProviderSendError('twilio', 'rejected', refused.message, false);
  if (e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT') {
    return new ProviderSendError('twilio', 'timeout', `no answer: ${e.message ?? e.code}`, true);
  }
  return new ProviderSendError('twilio', 'network', `request failed: ${e.code ?? e.message ?? String(err)}`, true);
}
