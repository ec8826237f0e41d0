import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { accessLog } from './logging/access-log';
import { installFastIngest } from './inbound/fast-ingest';
import { InboundService } from './inbound/inbound.service';
import { ApiKeysService } from './auth/api-keys.service';
import { installFastTrigger } from './runs/fast-trigger';
import { installFastHealth } from './health/fast-health';
import { ExecutionsService } from './runs/executions.service';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { loadConfig } from './config/load-config';
import { refuseDeepJson } from './common/json-depth';
import { toApiError } from './errors/all-exceptions.filter';
import { PinoNestLogger } from './logging/logger';
import { MetricsService } from './metrics/metrics.service';
import { setupOpenApi } from './openapi';
import { IMPORT_EXPECTED } from './flows/flow-import.service';

export interface CreatedApp {
  app: NestExpressApplication;
  config: AppConfig;
  logger: Logger;
}

/** Parses env, builds and initialises the app (migrations, seed) without listening. */
export async function createApp(env: Record<string, string | undefined> = process.env): Promise<CreatedApp> {
  const { config, logger } = loadConfig(env);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: new PinoNestLogger(logger.child({ component: 'nest' })),
    abortOnError: false,
  });
  configureApp(app, config, logger);
  await app.init();
  const http = logger.child({ component: 'http' });
  installFastIngest(app.getHttpServer(), { inbound: app.get(InboundService), config, logger: http, metrics: app.get(MetricsService) });
  installFastTrigger(app.getHttpServer(), {
    executions: app.get(ExecutionsService), apiKeys: app.get(ApiKeysService), config, logger: http, metrics: app.get(MetricsService), securityHeaders: securityHeaders(),
  });
  // outermost: the liveness probe is answered before any other request's routing
  installFastHealth(app.getHttpServer(), { logger: http, metrics: app.get(MetricsService), securityHeaders: securityHeaders() });
  return { app, config, logger };
}

/** HTTP plumbing that lives outside Nest's module system; must run before app.init(). */
export function configureApp(app: NestExpressApplication, config: AppConfig, logger: Logger): void {
  app.disable('x-powered-by');
  // Behind a proxy: req.protocol / req.host then come from X-Forwarded-Proto/Host of trusted hops.
  if (config.trustProxy !== false) app.set('trust proxy', config.trustProxy);
  app.enableShutdownHooks();
  app.use(securityHeaders());
  app.use(accessLog(logger.child({ component: 'http' })));
  const metrics = app.get(MetricsService);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      // The route pattern, not the URL: /api/v1/flows/:id stays one series whatever the id.
      const route = (req.route as { path?: string } | undefined)?.path;
      end({ method: req.method, route: route ? req.baseUrl + route : 'unmatched', status: String(res.statusCode) });
    });
    next();
  });
  // Raw bytes are kept for provider webhook signatures (HMAC over the exact body).
  const keepRaw = (req: Request, _res: Response, buf: Buffer) => {
    (req as Request & { rawBody?: Buffer }).rawBody = buf;
  };
  // Depth is checked on the raw bytes before parsing: deep bodies overflow the validators' recursion.
  const deep = refuseDeepJson(config.bodyMaxDepth);
  app.use(express.json({ limit: config.bodyLimit, verify: (req: Request, res: Response, buf: Buffer) => (deep(buf), keepRaw(req, res, buf)) }));
  app.use(express.urlencoded({ extended: false, limit: config.bodyLimit, verify: keepRaw }));
  // Body-parser failures never reach Nest's filters: answer them here in the same ApiError shape.
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!error) return next();
    const { body } = toApiError(error);
    if (body.code === 'MALFORMED_JSON' && req.path === '/api/v1/flows/import') body.message = `${body.message} ${IMPORT_EXPECTED}`;
    res.status(body.statusCode).json(body);
  });
  app.use(cookieParser());
  setupOpenApi(app);
}

/**
 * CSP, no framing, nosniff and friends on every response. The built editor is external module
 * scripts only, so scripts stay 'self' (no inline); inline style attributes are allowed because
 * React Flow and Swagger UI set them. Nothing may frame Moflow (clickjacking).
 */
export function securityHeaders(): ReturnType<typeof helmet> {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    // Served over plain HTTP in development; HSTS belongs to the TLS-terminating proxy.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
}
