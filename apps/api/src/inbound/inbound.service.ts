import { Inject, Injectable, Logger } from '@nestjs/common';
import { providerSchema } from '@moflow/providers';
import { moTextOverLimit, PayloadError, type InboundMessage } from '@moflow/sms';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { ChannelRegistry } from '../channels/channel-registry.service';
import { DomainException, problem } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { DeliveryReportsService } from '../outbox/delivery-reports.service';
import { InboxService, type StoreResult } from './inbox.service';
import { parseDlr, parseMo, verifyWebhook, type WebhookRequest } from './webhook-formats';

export type RawWebhook = Omit<WebhookRequest, 'publicUrl'> & {
  originalUrl: string;
  /** `proto://host` from a trusted proxy's X-Forwarded-Proto/Host (TRUST_PROXY), else null. */
  forwardedBase?: string | null;
};

/**
 * Provider webhooks: authenticate first (nothing is parsed or stored for a request that fails),
 * then parse (400 naming the field), then store durably; the controller answers only after that.
 */
@Injectable()
export class InboundService {
  private readonly logger = new Logger('Inbound');

  constructor(
    private readonly channels: ChannelRegistry,
    private readonly inbox: InboxService,
    private readonly reports: DeliveryReportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async receiveMo(channelId: string, raw: RawWebhook): Promise<{ provider: string; result: StoreResult }> {
    const { runtime, req } = await this.authenticate(channelId, raw);
    const messages = parsed(() => parseMo(runtime.channel.provider, req, runtime.channel.defaultRegion));
    this.checkLength(messages);
    return { provider: runtime.channel.provider, result: await this.inbox.store(channelId, runtime.channel.provider, messages, runtime.channel.address) };
  }

  /** Answered after the commit that holds the reports: applied, or held until their message id is known. */
  async receiveStatus(channelId: string, raw: RawWebhook): Promise<{ provider: string; matched: number; held: number }> {
    const { runtime, req } = await this.authenticate(channelId, raw);
    const reports = parsed(() => parseDlr(runtime.channel.provider, req));
    const outcomes = await this.reports.submit(channelId, reports, 'webhook');
    const held = outcomes.filter((o) => o === 'held').length;
    return { provider: runtime.channel.provider, matched: outcomes.length - held, held };
  }

  /** Refuses (413) a text longer than MO_TEXT_MAX_CHARS before anything is stored. */
  private checkLength(messages: InboundMessage[]): void {
    const max = this.config.moTextMaxChars;
    messages.forEach((m, i) => {
      const length = moTextOverLimit(m.text, max);
      if (length === null) return;
      const field = messages.length > 1 ? `messages[${i}].text` : 'text';
      const reason = `is ${length} characters long, more than the ${max} an inbound message may have (MO_TEXT_MAX_CHARS)`;
      throw new DomainException(ErrorCode.MESSAGE_TOO_LONG, `${field} ${reason}.`, { problems: [problem(field, reason)] });
    });
  }

  /**
   * The URL the provider called, as signatures cover it: PUBLIC_URL + the path; behind a trusted
   * proxy (TRUST_PROXY) the scheme and host it forwarded, with PUBLIC_URL's path prefix.
   */
  private verifiedUrl(raw: RawWebhook): string {
    const base = this.config.publicUrl.replace(/\/+$/, '');
    if (!raw.forwardedBase) return base + raw.originalUrl;
    const prefix = new URL(base).pathname.replace(/\/+$/, '');
    return raw.forwardedBase + prefix + raw.originalUrl;
  }

  private async authenticate(channelId: string, raw: RawWebhook) {
    const runtime = await this.channels.get(channelId);
    if (!runtime) throw new DomainException(ErrorCode.CHANNEL_NOT_FOUND);
    const req: WebhookRequest = { ...raw, publicUrl: this.verifiedUrl(raw) };
    const verdict = verifyWebhook(runtime.channel.provider, runtime.provider, req);
    if (verdict === 'no_secret') {
      const field = `credentials.${providerSchema(runtime.channel.provider)?.webhookSecret ?? 'webhookSecret'}`;
      this.logger.warn(`webhook refused on channel ${channelId} (${runtime.channel.provider}): the channel has no ${field}, so nothing can be verified`);
      throw new DomainException(ErrorCode.WEBHOOK_SECRET_MISSING,
        `Channel "${runtime.channel.name}" has no ${field}: its webhooks cannot be verified and are refused. Set it with PATCH /api/v1/channels/${channelId}.`);
    }
    if (verdict === 'bad_signature') {
      // The URL is logged, never answered: a mismatch with the provider's console is the usual cause.
      this.logger.warn(`webhook refused on channel ${channelId} (${runtime.channel.provider}): signature or secret does not match; verified against ${maskedUrl(req.publicUrl)}`);
      throw new DomainException(ErrorCode.WEBHOOK_UNAUTHENTICATED);
    }
    return { runtime, req };
  }
}

function parsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof PayloadError) {
      throw new DomainException(ErrorCode.WEBHOOK_PAYLOAD_INVALID, `${err.field}: ${err.reason}`, { problems: [problem(err.field, err.reason)] });
    }
    throw err;
  }
}

/** The verified URL without its query values (a GET webhook carries the message and numbers there). */
function maskedUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const keys = [...new URLSearchParams(url.slice(q + 1)).keys()];
  return `${url.slice(0, q)}?${keys.map((k) => `${k}=…`).join('&')}`;
}
