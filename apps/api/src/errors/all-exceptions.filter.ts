import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { ApiError } from '@moflow/api-contract';
import type { Response } from 'express';
import { DomainException } from './domain.exception';
import { ErrorCode, errorMessage, errorStatus } from './error-codes';

const codeByHttpStatus: Record<number, ErrorCode> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN_ROLE,
  404: ErrorCode.ROUTE_NOT_FOUND,
  405: ErrorCode.METHOD_NOT_ALLOWED,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCode.TOO_MANY_ATTEMPTS,
};

/** Turns anything thrown into an ApiError body. Only a true bug answers 500, and it is logged. */
export function toApiError(error: unknown): { body: ApiError; headers: Record<string, string> } {
  if (error instanceof DomainException) {
    const body: ApiError = { statusCode: errorStatus[error.code], code: error.code, message: error.message };
    if (error.extra.problems) body.problems = error.extra.problems;
    if (error.extra.details) body.details = error.extra.details;
    return { body, headers: error.extra.headers ?? {} };
  }
  const bodyParserType = (error as { type?: unknown } | null)?.type;
  if (bodyParserType === 'entity.parse.failed') return simple(ErrorCode.MALFORMED_JSON);
  if (bodyParserType === 'entity.too.large') return simple(ErrorCode.PAYLOAD_TOO_LARGE);
  if (bodyParserType === 'encoding.unsupported' || bodyParserType === 'charset.unsupported') return simple(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = codeByHttpStatus[status];
    if (code) {
      // Nest's own 404 says "Cannot GET /x", which is more useful than our generic line.
      const message = status === 404 ? error.message : errorMessage[code];
      return { body: { statusCode: status, code, message }, headers: {} };
    }
    if (status < 500) return { body: { statusCode: status, code: 'HTTP_' + status, message: error.message }, headers: {} };
  }
  return simple(ErrorCode.INTERNAL);
}

function simple(code: ErrorCode): { body: ApiError; headers: Record<string, string> } {
  return { body: { statusCode: errorStatus[code], code, message: errorMessage[code] }, headers: {} };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { body, headers } = toApiError(error);
    if (body.statusCode >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.status(body.statusCode).json(body);
  }
}
