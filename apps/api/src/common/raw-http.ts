import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Request plumbing for the routes served in front of Express (the MO webhook, the REST trigger):
 * the same limits and the same errors as Express's body parsers, so `toApiError` answers them
 * exactly as on every other route.
 */

/** `BODY_LIMIT` ("256kb", "2mb") in bytes. */
export function limitBytes(limit: string): number {
  const m = /^(\d+)(kb|mb)$/.exec(limit);
  return m ? Number(m[1]) * (m[2] === 'mb' ? 1024 * 1024 : 1024) : 2 * 1024 * 1024;
}

/** The same error objects body-parser raises. */
export const bodyError = (type: string) => Object.assign(new Error(type), { type });

/** The media type and charset of a request, lower case (`application/json`, `utf-8`). */
export function contentType(req: IncomingMessage): { type: string; charset: string | undefined } {
  const header = req.headers['content-type'] ?? '';
  return { type: header.split(';', 1)[0]!.trim().toLowerCase(), charset: /charset=([^;]+)/i.exec(header)?.[1]?.trim().toLowerCase() };
}

/** Whether a charset is one these routes decode themselves (none given, or UTF-8). */
export const plainCharset = (charset: string | undefined) => !charset || charset === 'utf-8' || charset === 'utf8';

export function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) {
    req.resume();
    return Promise.reject(bodyError('entity.too.large'));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume();
        reject(bodyError('entity.too.large'));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** JSON as body-parser's strict mode reads it: an object or an array, nothing else. */
export function parseStrictJson(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  if (!/^[\s\uFEFF]*[{[]/.test(text)) throw bodyError('entity.parse.failed');
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw bodyError('entity.parse.failed');
  }
}

export function sendText(res: ServerResponse, status: number, type: string, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { ...headers, 'content-type': type, 'content-length': Buffer.byteLength(text) }).end(text);
}
