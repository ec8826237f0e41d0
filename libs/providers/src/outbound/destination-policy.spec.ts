import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DestinationPolicy, DestinationRefused, type DestinationGuard } from './destination-policy';
import { httpRequest } from './http-client';

// 127.0.0.1 stands in for an address the policy may or may not allow: "public" is a guard that lets it pass.
const allowAll: DestinationGuard = () => null;
const refuseLoopback: DestinationGuard = (_host, address) => (address.startsWith('127.') || address === '::1' ? 'loopback address' : null);

describe('DestinationPolicy: connections are judged when opened and reused only under the version that judged them', () => {
  let server: http.Server;
  let port = 0;
  const sockets: Socket[] = [];
  let requests = 0;
  beforeEach(async () => {
    sockets.length = 0;
    requests = 0;
    server = http.createServer((req, res) => {
      requests++;
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    server.on('connection', (s: Socket) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const post = (url: string, policy?: DestinationPolicy) => httpRequest(url, { timeoutMs: 2_000, body: 'x', ...(policy ? { policy } : {}) });
  const closed = (s: Socket) => new Promise<void>((r) => (s.destroyed ? r() : s.once('close', () => r())));

  it('reuses a kept-alive connection under one version; a new version (allow-list changed) judges afresh and the old socket closes', async () => {
    const v1 = new DestinationPolicy(allowAll);
    expect((await post(`http://localhost:${port}/a`, v1)).status).toBe(200);
    expect((await post(`http://localhost:${port}/b`, v1)).status).toBe(200);
    expect(sockets).toHaveLength(1); // kept alive

    // The allow-list entry is removed: the API makes a new version and retires the old one.
    const v2 = new DestinationPolicy(refuseLoopback);
    v1.retire();
    await closed(sockets[0]!);
    await expect(post(`http://localhost:${port}/c`, v2)).rejects.toThrow(DestinationRefused);
    await expect(post(`http://localhost:${port}/c`, v2)).rejects.toThrow('localhost (127.0.0.1) refused: loopback address; an admin can allow-list the host or range');
    await expect(post(`http://127.0.0.1:${port}/c`, v2)).rejects.toThrow('127.0.0.1 refused: loopback address');
    expect(requests).toBe(2);
    expect(sockets).toHaveLength(1);
  });

  it('a socket busy when its version retires is closed after its answer, not pooled', async () => {
    const v1 = new DestinationPolicy(allowAll);
    const pending = post(`http://localhost:${port}/slow`, v1);
    await new Promise<void>((r) => server.once('request', () => r()));
    v1.retire();
    expect((await pending).status).toBe(200);
    await closed(sockets[0]!);
    expect(Object.values(v1.agents['http:'].freeSockets).flat()).toHaveLength(0);
  });

  it('a connection opened without a policy is never reused by a call that has one', async () => {
    expect((await post(`http://localhost:${port}/unjudged`)).status).toBe(200);
    expect(sockets[0]?.destroyed).toBe(false); // idle in the shared keep-alive pool
    await expect(post(`http://localhost:${port}/judged`, new DestinationPolicy(refuseLoopback))).rejects.toThrow(DestinationRefused);
    expect(requests).toBe(1);
  });

  it('judges every address a name resolves to, at connect time, and passes what the guard allows', async () => {
    const seen: string[] = [];
    const policy = new DestinationPolicy((host, address) => {
      seen.push(`${host}=${address}`);
      return null;
    });
    expect((await post(`http://localhost:${port}/x`, policy)).status).toBe(200);
    expect(seen).toEqual(['localhost=127.0.0.1']);
    expect((await post(`http://localhost:${port}/y`, policy)).status).toBe(200);
    expect(seen).toHaveLength(1); // the kept-alive socket was judged when it opened
  });
});
