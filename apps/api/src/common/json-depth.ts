import { DomainException, problem } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';

const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Deepest nesting of arrays/objects in raw JSON bytes, scanning no further than one level past
 * `max`. Runs on the bytes before JSON.parse, so a 3,000-deep `[[[…]]]` never reaches the
 * validators (whose recursion it would overflow). UTF-8 multi-byte characters never contain these
 * ASCII bytes, so a byte scan is exact.
 */
export function jsonDepthExceeds(buf: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_ARRAY || b === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) depth--;
  }
  return false;
}

/** body-parser `verify` hook: refuses (400) a JSON body nested deeper than `max`. */
export function refuseDeepJson(max: number): (buf: Buffer) => void {
  return (buf) => {
    if (!jsonDepthExceeds(buf, max)) return;
    const reason = `nests arrays/objects more than ${max} levels deep (BODY_MAX_DEPTH)`;
    throw new DomainException(ErrorCode.BODY_TOO_DEEP, `The request body ${reason}.`, { problems: [problem('body', reason)] });
  };
}
