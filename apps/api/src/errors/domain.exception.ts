import type { ProblemDto } from '@moflow/api-contract';
import { ErrorCode, errorMessage } from './error-codes';

/**
 * The one exception services throw. It carries a code, never an HTTP status: the exception filter
 * decides the status, so services stay usable outside HTTP (worker, CLI).
 */
export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly extra: { problems?: ProblemDto[]; details?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message ?? errorMessage[code]);
    this.name = 'DomainException';
  }
}

export function problem(path: string, message: string, code = 'invalid'): ProblemDto {
  return { path, nodeId: null, code, message };
}
