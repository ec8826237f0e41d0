import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpPortError, type HttpRequest } from '@moflow/flow-engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockedReason, emptyAllowList, parseAllowList } from '../../src/lookups/address-policy';
import { SafeHttpPort } from '../../src/lookups/safe-http.port';

let server: http.Server;
let port = 0;
const seen: { path: string; auth?: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', auth: req.headers['x-token'] as string | undefined });
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname === '/ok') return res.end(JSON.stringify({ ok: true, method: req.method }));
    if (u.pathname === '/big') return res.end('x'.repeat(10_000));
    if (u.pathname === '/stream') { res.write('y'.repeat(600)); res.write('y'.repeat(600)); return res.end(); }
    if (u.pathname === '/slow') { setTimeout(() => res.end('late'), 2_000).unref(); return; }
    if (u.pathname === '/hop') {
      const n = Number(u.searchParams.get('n'));
      res.writeHead(302, { location: n > 0 ? `/hop?n=${n - 1}` : '/ok' });
      return res.end();
    }
    if (u.pathname === '/to') { res.writeHead(307, { location: u.searchParams.get('url') ?? '/' }); return res.end(); }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const req = (url: string, extra: Partial<HttpRequest> = {}): HttpRequest =>
  ({ method: 'GET', url, headers: {}, timeoutMs: 1_000, maxResponseBytes: 1_024, ...extra });
const port_ = (entries: string[]) => new SafeHttpPort(async () => parseAllowList(entries));
const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(HttpPortError);
  return err as HttpPortError;
};

describe('blockedReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'], ['10.1.2.3', 'private'], ['192.168.0.10', 'private'], ['172.16.5.5', 'private'],
    ['169.254.169.254', 'linkLocal'], ['100.64.1.1', 'carrierGradeNat'], ['fd00:ec2::254', 'uniqueLocal'], ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'], ['fe80::1', 'linkLocal'], ['224.0.0.1', 'multicast'], ['0.0.0.0', 'unspecified'],
    ['2002:7f00:1::1', '6to4'], ['64:ff9b::7f00:1', 'rfc6052'], ['::127.0.0.1', 'loopback'],
  ])('refuses %s (%s)', (address, range) => {
    expect(blockedReason(address, 'example.test', emptyAllowList)).toBe(`${range} address`);
  });

  it.each([
    ['::7f00:1', '127.0.0.1, loopback'], ['0:0:0:0:0:0:7f00:2', '127.0.0.2, loopback'], ['::a9fe:a9fe', '169.254.169.254, linkLocal'], ['::808:808', '8.8.8.8, unicast'],
  ])('refuses the IPv4-compatible IPv6 address %s', (address, inside) => {
    expect(blockedReason(address, 'example.test', emptyAllowList)).toBe(`IPv4-compatible IPv6 address (${inside})`);
  });

  it.each(['8.8.8.8', '2001:4860:4860::8888', '93.184.216.34'])('lets public %s through', (address) => {
    expect(blockedReason(address, 'example.test', emptyAllowList)).toBeNull();
  });

  it('honours allow-listed ranges and host names, and nothing more', () => {
    const allow = parseAllowList(['10.0.0.0/8', 'intranet.example', '127.0.0.1']);
    expect(blockedReason('10.9.9.9', 'a.example', allow)).toBeNull();
    expect(blockedReason('127.0.0.1', 'a.example', allow)).toBeNull();
    expect(blockedReason('192.168.1.1', 'intranet.example', allow)).toBeNull();
    expect(blockedReason('127.0.0.2', 'a.example', allow)).toBe('loopback address');
    expect(blockedReason('192.168.1.1', 'other.example', allow)).toBe('private address');
  });
});

describe('SafeHttpPort against real servers on 127.0.0.1', () => {
  it('refuses loopback without an allow-list, by literal address and by a name resolving to it', async () => {
    const before = seen.length;
    const literal = await refusal(port_([]).request(req(`http://127.0.0.1:${port}/ok`)));
    expect(literal.kind).toBe('refused');
    expect(literal.message).toContain('127.0.0.1 refused: loopback address');
    const named = await refusal(port_([]).request(req(`http://localhost:${port}/ok`)));
    expect(named.kind).toBe('refused');
    expect(named.message).toMatch(/localhost \((127\.0\.0\.1|::1)\) refused: loopback address/);
    const compat = await refusal(port_([]).request(req(`http://[::7f00:1]:${port}/ok`)));
    expect(compat.message).toContain('::7f00:1 refused: IPv4-compatible IPv6 address (127.0.0.1, loopback)');
    expect(seen.length).toBe(before); // nothing reached the server
  });

  it('refuses the cloud metadata endpoints without connecting', async () => {
    expect((await refusal(port_([]).request(req('http://169.254.169.254/latest/meta-data/')))).message).toContain('linkLocal');
    expect((await refusal(port_([]).request(req('http://[fd00:ec2::254]/')))).message).toContain('uniqueLocal');
  });

  it('reaches an allow-listed 127.0.0.1 and returns status, headers and body', async () => {
    const res = await port_(['127.0.0.1']).request(req(`http://127.0.0.1:${port}/ok`, { method: 'POST', body: '{}' }));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, method: 'POST' });
    expect(res.headers['content-length']).toBe(String(res.body.length));
  });

  it('checks every redirect hop: an allowed host cannot bounce to a refused address', async () => {
    const target = encodeURIComponent(`http://127.0.0.1:${port}/ok`);
    const err = await refusal(port_(['localhost']).request(req(`http://localhost:${port}/to?url=${target}`)));
    expect(err.message).toContain('127.0.0.1 refused');
  });

  it('follows up to 5 redirects and gives up after that', async () => {
    expect((await port_(['127.0.0.1']).request(req(`http://127.0.0.1:${port}/hop?n=4`))).status).toBe(200);
    const err = await refusal(port_(['127.0.0.1']).request(req(`http://127.0.0.1:${port}/hop?n=5`)));
    expect(err.message).toBe('too many redirects (more than 5)');
  });

  it('drops headers (where secrets live) when a redirect changes origin', async () => {
    seen.length = 0;
    const target = encodeURIComponent(`http://localhost:${port}/ok`);
    const res = await port_(['127.0.0.1', 'localhost']).request(
      req(`http://127.0.0.1:${port}/to?url=${target}`, { headers: { 'x-token': 's3cret' } }));
    expect(res.status).toBe(200);
    expect(seen.map((s) => s.auth)).toEqual(['s3cret', undefined]);
  });

  it('aborts bodies over maxResponseBytes, declared or streamed', async () => {
    expect((await refusal(port_(['127.0.0.1']).request(req(`http://127.0.0.1:${port}/big`)))).kind).toBe('too_large');
    expect((await refusal(port_(['127.0.0.1']).request(req(`http://127.0.0.1:${port}/stream`)))).kind).toBe('too_large');
  });

  it('times out slow servers', async () => {
    const err = await refusal(port_(['127.0.0.1']).request(req(`http://127.0.0.1:${port}/slow`, { timeoutMs: 200 })));
    expect(err.kind).toBe('timeout');
  });

  it('rejects non-http schemes and relative URLs clearly', async () => {
    expect((await refusal(port_([]).request(req('file:///etc/passwd')))).message).toContain('scheme file: is not allowed');
    expect((await refusal(port_([]).request(req('/relative')))).message).toBe('lookup URL is not an absolute URL');
  });
});
