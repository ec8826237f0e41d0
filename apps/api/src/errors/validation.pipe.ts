import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { ProblemDto } from '@moflow/api-contract';
import { DomainException } from './domain.exception';
import { ErrorCode } from './error-codes';

/** Flattens class-validator's tree into `{ path: "tests[0].name", message }` problems. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): ProblemDto[] {
  const out: ProblemDto[] = [];
  for (const error of errors) {
    const path = !parent ? error.property : /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      const text = constraint === 'whitelistValidation' ? 'is not an accepted field' : message.replace(new RegExp(`^${escape(error.property)} `), '');
      out.push({ path, nodeId: null, code: constraint, message: text });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, path));
  }
  return out;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new DomainException(ErrorCode.VALIDATION_FAILED, undefined, { problems: flattenValidationErrors(errors) }),
  });
}
