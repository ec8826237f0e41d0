import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Level, Logger } from 'pino';

const GIVEN_ID = /^[\w.-]{1,100}$/;

/**
 * The access log: one line per request when it finishes (info for 2xx/3xx, warn for 4xx, error for
 * 5xx), with the request id that every answer carries in `X-Request-Id` (the caller's own when it
 * sent a sane one). Below the configured level nothing is built: no child logger, no serialised
 * request — the ingest path pays for a log line only when someone reads it. Headers are never
 * logged (no cookies or tokens to redact), and the URL without its query string.
 */
export function accessLog(logger: Logger): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && GIVEN_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', id);
    if (!logger.isLevelEnabled('error')) return next();
    const started = performance.now();
    res.on('finish', () => {
      const level: Level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const path = req.originalUrl.split('?', 1)[0];
      logger[level]({ reqId: id, method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started) }, `${req.method} ${path} ${res.statusCode}`);
    });
    next();
  };
}
