import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs: anything else cannot exist, so it answers the resource's 404 without a query. */
@Injectable()
class UuidPipe implements PipeTransform<string, string> {
  constructor(private readonly notFound: ErrorCode) {}

  transform(value: string): string {
    if (typeof value !== 'string' || !UUID.test(value)) throw new DomainException(this.notFound);
    return value.toLowerCase();
  }
}

export function uuidPipe(notFound: keyof typeof ErrorCode): PipeTransform<string, string> {
  return new UuidPipe(ErrorCode[notFound]);
}
