import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { refuseDeepJson } from '../common/json-depth';
import { contentType, limitBytes, parseStrictJson, plainCharset, readBody, sendText as send } from '../common/raw-http';
import type { AppConfig } from '../config/app-config';
import { toApiError } from '../errors/all-exceptions.filter';
import { accessLog } from '../logging/access-log';
import type { MetricsService } from '../metrics/metrics.service';
import { EMPTY_TWIML } from './inbound.controller';
import type { InboundService, RawWebhook } from './inbound.service';

/** POST /api/v1/inbound/<channel uuid>, nothing after it (delivery reports go through Nest). */
const MO_PATH = /^\/api\/v1\/inbound\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?(?:\?|$)/i;
const ROUTE = '/api/v1/inbound/:channelId';

/**
 * The MO webhook without Express and Nest: at thousands of webhooks a second their router, guards,
 * pipes and body parsers cost more than storing the MO (profile in docs/performance.md). This
 * handler sits in front of the Express app on the HTTP server and takes only what it fully
 * handles — a POST of JSON or a form to /api/v1/inbound/<id>, not through a forwarding proxy —
 * and hands everything else on untouched. It calls the same InboundService as the Nest route
 * (signature, parsing, 413 for long texts, group-commit store) and answers the same bodies and
 * errors, with the same X-Request-Id, access log and latency metric.
 */
export function installFastIngest(server: Server, deps: { inbound: InboundService; config: AppConfig; logger: Logger; metrics: MetricsService }): void {
  const [expressApp] = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  if (!expressApp) return;
  const maxBytes = limitBytes(deps.config.bodyLimit);
  const deep = refuseDeepJson(deps.config.bodyMaxDepth);
  const log = accessLog(deps.logger);
  server.removeListener('request', expressApp);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const match = req.method === 'POST' ? MO_PATH.exec(req.url ?? '') : null;
    const { type, charset } = contentType(req);
    const form = type === 'application/x-www-form-urlencoded';
    const plain = (type === 'application/json' || form) && plainCharset(charset);
    if (!match || !plain || req.headers['content-encoding'] || req.headers['x-forwarded-host'] || req.headers['x-forwarded-proto']) {
      expressApp(req, res);
      return;
    }
    const end = deps.metrics.httpDuration.startTimer();
    res.on('finish', () => end({ method: 'POST', route: ROUTE, status: String(res.statusCode) }));
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
    log(req as Request, res as Response, () => undefined);
    void handle(req, res, match[1]!.toLowerCase(), form);
  });

  async function handle(req: IncomingMessage, res: ServerResponse, channelId: string, form: boolean): Promise<void> {
    try {
      const rawBody = await readBody(req, maxBytes);
      let body: unknown;
      if (form) body = parseQuery(rawBody.toString('utf8'));
      else {
        deep(rawBody);
        body = parseStrictJson(rawBody);
      }
      const url = req.url ?? '';
      const q = url.indexOf('?');
      const raw: RawWebhook = {
        method: 'POST', originalUrl: url, forwardedBase: null, query: q >= 0 ? parseQuery(url.slice(q + 1)) : {}, body, rawBody, headers: req.headers,
      };
      const { provider, result } = await deps.inbound.receiveMo(channelId, raw);
      if (provider === 'twilio') send(res, 200, 'text/xml; charset=utf-8', EMPTY_TWIML);
      else send(res, 200, 'application/json; charset=utf-8', JSON.stringify(result));
    } catch (error) {
      const { body, headers } = toApiError(error);
      if (body.statusCode >= 500) deps.logger.error({ err: error }, 'MO webhook failed');
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      send(res, body.statusCode, 'application/json; charset=utf-8', JSON.stringify(body));
    }
  }
}
