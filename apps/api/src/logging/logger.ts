import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { maskPhones } from './mask-phones';

/** One pino logger per process: JSON lines on stdout, phone numbers masked in every line. */
export function createRootLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'moflow-api' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Masking the serialised line catches numbers wherever they hide (messages, bodies, errors).
    hooks: { streamWrite: (line: string) => maskPhones(line) },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
  });
}

const NOISY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Nest's own log calls (bootstrap, errors) through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    // Nest announces every module and route at start-up: useful when debugging, noise otherwise.
    if (context && NOISY_CONTEXTS.has(context)) this.logger.debug({ context }, String(message));
    else this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
