import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { HttpPortError, type HttpPort, type HttpRequest, type HttpResponse } from '@moflow/flow-engine';
import { blockedReason, type AllowList } from './address-policy';

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The engine's HttpPort for lookup nodes. Every connection goes through a DNS hook that refuses
 * private destinations after resolution (so a public name pointing at 127.0.0.1 is caught), and
 * redirects are followed by hand so each hop is checked the same way. Time and body size are
 * capped for the whole exchange, redirects included.
 */
export class SafeHttpPort implements HttpPort {
  constructor(private readonly allowList: () => Promise<AllowList>) {}

  async request(req: HttpRequest): Promise<HttpResponse> {
    const allow = await this.allowList();
    const deadline = Date.now() + req.timeoutMs;
    let url = parseUrl(req.url);
    let method = req.method.toUpperCase();
    let body = req.body;
    let headers = { ...req.headers };
    for (let hop = 0; ; hop++) {
      const res = await this.once(url, method, headers, body, allow, deadline, req.maxResponseBytes);
      const location = res.headers['location'];
      if (!REDIRECTS.has(res.status) || !location) return res;
      if (hop >= MAX_REDIRECTS) throw new HttpPortError('network', `too many redirects (more than ${MAX_REDIRECTS})`);
      const next = parseUrl(new URL(location, url).toString());
      // Credentials and secrets in headers are meant for the origin the author wrote, not for
      // wherever it redirects to.
      if (next.origin !== url.origin) headers = {};
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      url = next;
    }
  }

  private once(url: URL, method: string, headers: Record<string, string>, body: string | undefined, allow: AllowList,
    deadline: number, maxBytes: number): Promise<HttpResponse> {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      // Literal addresses skip DNS, so the hook below would never see them.
      const reason = blockedReason(host, host, allow);
      if (reason) return Promise.reject(refused(host, host, reason));
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) return Promise.reject(new HttpPortError('timeout', 'lookup timed out'));
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.destroy();
        reject(err instanceof HttpPortError ? err : new HttpPortError('network', err.message));
      };
      const request = lib.request(url, { method, headers, lookup: guardedLookup(host, allow), agent: false }, (res) => {
        const declared = Number(res.headers['content-length'] ?? '0');
        if (declared > maxBytes) return fail(tooLarge(maxBytes));
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) return fail(tooLarge(maxBytes));
          chunks.push(chunk);
        });
        res.on('error', fail);
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: flattenHeaders(res.headers), body: Buffer.concat(chunks).toString('utf8') });
        });
      });
      const timer = setTimeout(() => fail(new HttpPortError('timeout', `lookup timed out after ${remaining} ms`)), remaining);
      request.on('error', fail);
      if (body !== undefined) request.write(body);
      request.end();
    });
  }
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new HttpPortError('refused', 'lookup URL is not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpPortError('refused', `lookup URL scheme ${url.protocol} is not allowed (http or https only)`);
  }
  return url;
}

function guardedLookup(host: string, allow: AllowList): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 4);
      // Refuse when any answer is private: round-robin records must not smuggle one in.
      for (const a of addresses) {
        const reason = blockedReason(a.address, host, allow);
        if (reason) return callback(refused(host, a.address, reason), '', 4);
      }
      const first = addresses[0];
      if (!first) return callback(new HttpPortError('network', `${hostname} did not resolve`), '', 4);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, first.address, first.family);
    });
  };
}

function refused(host: string, address: string, reason: string): HttpPortError {
  const target = host === address ? address : `${host} (${address})`;
  return new HttpPortError('refused', `lookup to ${target} refused: ${reason}; an admin can allow-list the host or range`);
}

function tooLarge(max: number): HttpPortError {
  return new HttpPortError('too_large', `response larger than maxResponseBytes (${max})`);
}

function flattenHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
