import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction, type NetConnectOpts, type Socket } from 'node:net';

/**
 * The address policy for admin-set URLs (the API passes the one lookups use, with its allow-list):
 * the reason `address` (what `host` resolved to, or the literal) may not be contacted, else null.
 */
export type DestinationGuard = (host: string, address: string) => string | null;

/** The current policy, asked before each request (the allow-list may have changed). */
export type Destinations = () => Promise<DestinationPolicy>;

/** The guard refused the destination: not retried, the reason goes to whoever asked. */
export class DestinationRefused extends Error {
  override readonly name = 'DestinationRefused';
}

type Oncreate = (err: Error | null, socket?: Socket) => void;

/**
 * One version of the address policy with the keep-alive agents whose connections it judged. The
 * guard runs when a connection is opened: on the address a name resolves to (every answer) or on
 * the literal, so DNS rebinding after that moment cannot move the connection, which stays on the
 * address that was judged. A kept-alive socket is only ever reused under the version that opened
 * it: when the allow-list changes the API makes a new version and retires this one, whose idle
 * sockets close at once and whose busy ones close when their request ends.
 */
export class DestinationPolicy {
  readonly agents: { readonly 'http:': http.Agent; readonly 'https:': https.Agent };
  private retired = false;

  constructor(readonly judge: DestinationGuard) {
    this.agents = { 'http:': guardedAgent(http.Agent, judge), 'https:': guardedAgent(https.Agent, judge) };
  }

  get isRetired(): boolean {
    return this.retired;
  }

  /** Connections opened under this version are not reused any more. */
  retire(): void {
    this.retired = true;
    for (const agent of Object.values(this.agents)) {
      // Node's agent destroys a socket handed back to it instead of pooling it when keepAlive is off.
      (agent as unknown as { keepAlive: boolean }).keepAlive = false;
      for (const sockets of Object.values(agent.freeSockets)) for (const s of sockets ?? []) s.destroy();
    }
  }

  /** Why a request to this URL would be refused before any DNS (a literal address), else null. */
  literalProblem(url: URL): string | null {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const reason = isIP(host) ? this.judge(host, host) : null;
    return reason ? refusalText(host, host, reason) : null;
  }
}

type Connect = (options: NetConnectOpts, oncreate: Oncreate) => Socket | undefined;

function guardedAgent<A extends typeof http.Agent | typeof https.Agent>(Base: A, judge: DestinationGuard): InstanceType<A> {
  const agent = new Base({ keepAlive: true, maxSockets: 256 }) as InstanceType<A>;
  const raw = agent as unknown as { createConnection: Connect };
  const connect = raw.createConnection.bind(agent);
  // Every socket of this agent is opened here, whichever client (node:http, axios) drives it.
  raw.createConnection = (options, oncreate) => {
    const host = String((options as { host?: string }).host ?? 'localhost').replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      const reason = judge(host, host);
      if (reason) {
        process.nextTick(oncreate, new DestinationRefused(refusalText(host, host, reason)));
        return undefined;
      }
      return connect(options, oncreate);
    }
    return connect({ ...options, lookup: guardedLookup(host, judge) } as NetConnectOpts, oncreate);
  };
  return agent;
}

/** A DNS lookup that refuses when any answer fails the guard: round-robin records must not smuggle an internal one in. */
export function guardedLookup(host: string, judge: DestinationGuard): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 4);
      for (const a of addresses) {
        const reason = judge(host, a.address);
        if (reason) return callback(new DestinationRefused(refusalText(host, a.address, reason)), '', 4);
      }
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} did not resolve`), '', 4);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, first.address, first.family);
    });
  };
}

export function refusalText(host: string, address: string, reason: string): string {
  const target = host === address ? address : `${host} (${address})`;
  return `${target} refused: ${reason}; an admin can allow-list the host or range`;
}
