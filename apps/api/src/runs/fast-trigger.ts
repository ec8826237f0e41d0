import { createHash } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ArgumentMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ApiKeyScope } from '@moflow/api-contract';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { ApiKeysService } from '../auth/api-keys.service';
import { SCOPES_KEY } from '../auth/auth.decorators';
import { bearerOf, bearerPrincipal } from '../auth/auth.guard';
import { refuseDeepJson } from '../common/json-depth';
import { contentType, limitBytes, parseStrictJson, plainCharset, readBody } from '../common/raw-http';
import type { AppConfig } from '../config/app-config';
import { toApiError } from '../errors/all-exceptions.filter';
import { createValidationPipe } from '../errors/validation.pipe';
import { accessLog } from '../logging/access-log';
import type { MetricsService } from '../metrics/metrics.service';
import { ExecutionsController } from './executions.controller';
import { ExecuteFlowDto } from './executions.dto';
import type { ExecutionsService } from './executions.service';

/** POST /api/v1/flows/<uuid>/executions (a trailing slash and a query string allowed, as in Express). */
const TRIGGER_PATH = /^\/api\/v1\/flows\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/executions\/?(?:\?|$)/i;
const ROUTE = '/api/v1/flows/:id/executions';
const JSON_TYPE = 'application/json; charset=utf-8';
const BODY: ArgumentMetadata = { type: 'body', metatype: ExecuteFlowDto, data: undefined };

export interface FastTriggerDeps {
  executions: ExecutionsService;
  apiKeys: ApiKeysService;
  config: AppConfig;
  logger: Logger;
  metrics: MetricsService;
  /** The middleware every Express response passes (helmet): its headers are captured once. */
  securityHeaders: RequestHandler;
}

/**
 * The REST trigger for API keys without Express and Nest. At thousands of starts a second the
 * framework's router, middleware chain, guard, pipes and response handling cost several times the
 * start itself (profile in docs/performance.md). This handler sits in front of the Express app and
 * takes only a POST of UTF-8 JSON to /api/v1/flows/<uuid>/executions with `Authorization: Bearer`;
 * anything else (session cookies, other content types or charsets, compressed bodies, malformed
 * ids) goes to Express untouched. It answers as the Nest route does, in the same order: the body is
 * read and parsed (400/413/415 as body-parser's), the bearer checked by the guard's own function
 * against the route's @Scopes (401/403), the body validated by the global ValidationPipe with the
 * same DTO (400 with paths), then the same ExecutionsService (its Idempotency-Key semantics, 404/409)
 * — with the same headers (helmet's, X-Request-Id, ETag), access log and latency metric.
 */
export function installFastTrigger(server: Server, deps: FastTriggerDeps): void {
  const [next] = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  if (!next) return;
  const maxBytes = limitBytes(deps.config.bodyLimit);
  const deep = refuseDeepJson(deps.config.bodyMaxDepth);
  const log = accessLog(deps.logger);
  const validation = createValidationPipe();
  const security = capturedHeaders(deps.securityHeaders);
  const route = {
    scopes: new Reflector().getAllAndOverride<ApiKeyScope[] | undefined>(SCOPES_KEY, [ExecutionsController.prototype.execute, ExecutionsController]),
    metricsToken: null,
  };
  server.removeListener('request', next);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const match = req.method === 'POST' ? TRIGGER_PATH.exec(req.url ?? '') : null;
    if (!match || !takes(req)) {
      next(req, res);
      return;
    }
    const end = deps.metrics.httpDuration.startTimer();
    res.on('finish', () => end({ method: 'POST', route: ROUTE, status: String(res.statusCode) }));
    for (const [name, value] of security) res.setHeader(name, value);
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
    log(req as Request, res as Response, () => undefined);
    void handle(req, res, match[1]!.toLowerCase());
  });

  async function handle(req: IncomingMessage, res: ServerResponse, flowId: string): Promise<void> {
    try {
      const raw = await readBody(req, maxBytes);
      deep(raw);
      // body-parser reads an empty JSON body as {} (a common client mistake), then validation speaks
      const body = raw.length === 0 ? {} : parseStrictJson(raw);
      const caller = await bearerPrincipal(bearerOf(req.headers.authorization)!, route, deps.apiKeys);
      const dto = (await validation.transform(body, BODY)) as ExecuteFlowDto;
      const idempotencyKey = req.headers['idempotency-key'];
      send(res, 201, JSON.stringify(await deps.executions.execute(flowId, dto, typeof idempotencyKey === 'string' ? idempotencyKey : undefined, caller)));
    } catch (error) {
      const { body, headers } = toApiError(error);
      if (body.statusCode >= 500) deps.logger.error({ err: error }, 'REST trigger failed');
      if (res.headersSent) return;
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      send(res, body.statusCode, JSON.stringify(body));
    }
  }
}

/** What this path fully handles: a bearer token, a JSON body it decodes itself, no proxy rewriting. */
function takes(req: IncomingMessage): boolean {
  if (!bearerOf(req.headers.authorization)) return false;
  const { type, charset } = contentType(req);
  if (type !== 'application/json' || !plainCharset(charset) || req.headers['content-encoding']) return false;
  // As body-parser: a request without a body (no length, not chunked) is not parsed at all.
  return req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] !== undefined;
}

/** As Express's res.json: UTF-8 JSON with its length and a weak ETag. */
function send(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return;
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': body.length, etag: weakEtag(body) }).end(body);
}

/** Express's default ETag (the `etag` package, weak): length and SHA-1 of the body. */
export function weakEtag(body: Buffer): string {
  return `W/"${body.length.toString(16)}-${createHash('sha1').update(body).digest('base64').substring(0, 27)}"`;
}

/** The headers a middleware that only sets static headers (helmet) puts on every response. */
export function capturedHeaders(middleware: RequestHandler): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  const res = { setHeader: (name: string, value: unknown) => headers.push([name, String(value)]), removeHeader: () => undefined };
  let done = false;
  middleware({} as Request, res as unknown as Response, () => (done = true));
  if (!done) throw new Error('the security-headers middleware did not finish synchronously');
  return headers;
}
