import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import { InboundService, type RawWebhook } from './inbound.service';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

function raw(req: Request): RawWebhook {
  return {
    method: req.method, originalUrl: req.originalUrl, query: req.query as Record<string, unknown>, body: req.body as unknown,
    rawBody: (req as Request & { rawBody?: Buffer }).rawBody, headers: req.headers,
  };
}

/**
 * Provider webhooks. Public: they authenticate with the provider's signature or shared secret
 * (see webhook-formats.ts), and answer 2xx only once the MO is stored.
 */
@ApiExcludeController()
@Public()
@Controller('api/v1/inbound')
export class InboundController {
  constructor(private readonly inbound: InboundService) {}

  @Post(':channelId')
  @HttpCode(200)
  async postMo(@Param('channelId', uuidPipe('CHANNEL_NOT_FOUND')) channelId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { provider, result } = await this.inbound.receiveMo(channelId, raw(req));
    if (provider === 'twilio') {
      res.type('text/xml');
      return EMPTY_TWIML;
    }
    return result;
  }

  /** Vonage may deliver MOs as GET query parameters. */
  @Get(':channelId')
  async getMo(@Param('channelId', uuidPipe('CHANNEL_NOT_FOUND')) channelId: string, @Req() req: Request) {
    return (await this.inbound.receiveMo(channelId, raw(req))).result;
  }

  @Post(':channelId/status')
  @HttpCode(200)
  async postStatus(@Param('channelId', uuidPipe('CHANNEL_NOT_FOUND')) channelId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const out = await this.inbound.receiveStatus(channelId, raw(req));
    if (out.provider === 'twilio') {
      res.type('text/xml');
      return EMPTY_TWIML;
    }
    return out;
  }

  @Get(':channelId/status')
  getStatus(@Param('channelId', uuidPipe('CHANNEL_NOT_FOUND')) channelId: string, @Req() req: Request) {
    return this.inbound.receiveStatus(channelId, raw(req));
  }
}
