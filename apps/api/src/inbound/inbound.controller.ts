import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import { InboundService, type RawWebhook } from './inbound.service';

export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/**
 * The scheme and host the provider called, when the request came through a proxy that Express
 * trusts (TRUST_PROXY) and that said so in X-Forwarded-Proto/Host; null otherwise.
 */
function forwardedBase(req: Request): string | null {
  if (!req.get('x-forwarded-host') && !req.get('x-forwarded-proto')) return null;
  const trust = req.app.get('trust proxy fn') as ((addr: string | undefined, i: number) => boolean) | undefined;
  if (!trust || !trust(req.socket.remoteAddress, 0)) return null;
  return `${req.protocol}://${req.host}`;
}

function raw(req: Request): RawWebhook {
  return {
    method: req.method, originalUrl: req.originalUrl, forwardedBase: forwardedBase(req), query: req.query as Record<string, unknown>, body: req.body as unknown,
    rawBody: (req as Request & { rawBody?: Buffer }).rawBody, headers: req.headers,
  };
}

/**
 * Provider webhooks. Public: they authenticate with the provider's signature or shared secret
 * (see webhook-formats.ts), and answer 2xx only once the MO is stored.
 */
@ApiTags('inbound (provider webhooks)')
@Public()
@Controller('api/v1/inbound')
export class InboundController {
  constructor(private readonly inbound: InboundService) {}

  @Post(':channelId')
  @HttpCode(200)
  @ApiOperation({ summary: 'MO webhook: the URL shown as webhookUrl on the channel', description: 'Authenticated by the provider signature (Twilio X-Twilio-Signature, Vonage sig, generic X-Moflow-Signature HMAC-SHA256) or shared secret (Infobip, MyLINK, Sinch). 401 WEBHOOK_UNAUTHENTICATED on a bad signature, 403 WEBHOOK_SECRET_MISSING when the channel has no secret to verify with (nothing stored either way), 400 naming the field on a malformed body, 413 MESSAGE_TOO_LONG when a text is longer than MO_TEXT_MAX_CHARS (default 2000 characters; nothing stored), 200 once stored (Twilio: empty TwiML).' })
  async postMo(@Param('channelId', uuidPipe('CHANNEL_NOT_FOUND')) channelId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { provider, result } = await this.inbound.receiveMo(channelId, raw(req));
    if (provider === 'twilio') {
      res.type('text/xml');
      return EMPTY_TWIML;
    }
    return result;
  }

  /** Vonage, and Twilio when its console is set to HTTP GET, deliver MOs as query parameters. */
  @Get(':channelId')
  @ApiOperation({ summary: 'MO webhook as HTTP GET (Vonage; Twilio set to GET): fields in the query, same authentication and answers as POST' })
  async getMo(@Param('channelId', uuidPipe('CHANNEL_NOT_FOUND')) channelId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.postMo(channelId, req, res);
  }

  @Post(':channelId/status')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delivery-report webhook: the URL shown as statusUrl on the channel', description: 'Same authentication as MOs. Answered 200 {provider, matched, held} after the commit that holds the reports; a report whose provider id no MT carries yet is held and applied when the id is stored (docs/providers.md, Delivery reports). 5xx if the write fails (providers retry).' })
  async postStatus(@Param('channelId', uuidPipe('CHANNEL_NOT_FOUND')) channelId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const out = await this.inbound.receiveStatus(channelId, raw(req));
    if (out.provider === 'twilio') {
      res.type('text/xml');
      return EMPTY_TWIML;
    }
    return out;
  }

  @Get(':channelId/status')
  @ApiOperation({ summary: 'Delivery-report webhook as HTTP GET: fields in the query' })
  getStatus(@Param('channelId', uuidPipe('CHANNEL_NOT_FOUND')) channelId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.postStatus(channelId, req, res);
  }
}
