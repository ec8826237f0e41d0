// Moflow as an SMPP 3.4 ESME bound as transceiver: one session, kept alive with enquire_link and
// re-bound with exponential backoff whenever it drops.
import { EventEmitter } from 'node:events';
import type { DeliveryReport, InboundMessage } from '@moflow/sms';
import { isIP } from 'node:net';
import * as smpp from 'smpp';
import { ProviderConfigError, requireText } from '../outbound/adapter-options';
import { guardedLookup, refusalText, type DestinationGuard, type Destinations } from '../outbound/destination-policy';
import { ProviderSendError } from '../outbound/sms-adapter';
import { UnreadableDeliverError, interpretDeliverSm } from './deliver-sm.handler';
import { submitMessage, type SubmitRequest, type SubmitResult } from './submit-sm.sender';
import { SubmitWindow } from './submit-window';
import { KeyedSerializer } from './keyed-serializer';

export interface SmppEsmeOptions {
  host: string;
  port: number;
  systemId: string;
  password: string;
  systemType?: string;
  /** Region for numbers that arrive without a country code. */
  defaultRegion?: string;
  enquireLinkIntervalMs?: number;
  /** No enquire_link_resp within this time counts as a dead link. */
  responseTimeoutMs?: number;
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  /** After the SMSC refuses the credentials: first retry after this long (doubling up to reconnectMaxMs), so an account is not locked by a storm of binds. Default 30 s. */
  refusedBindRetryMs?: number;
  windowSize?: number;
  throttleBackoffMs?: number;
  throttleMaxRetries?: number;
  /**
   * Runs before deliver_sm_resp is sent: persist the MO here. If it throws, the SMSC gets
   * ESME_RX_T_APPN and will deliver the message again, so an acknowledged MO is never lost.
   * Each part of a concatenated MO comes here on its own (`concat` and `partBytes` set): the ESME
   * keeps nothing in memory, so the store must keep the part and join the group once complete.
   */
  onMo?: (msg: InboundMessage) => Promise<void>;
  /** Same rule for delivery receipts. */
  onDlr?: (report: DeliveryReport) => Promise<void>;
  /**
   * The address policy `host` must pass, asked before every (re)connect and judged on what the name
   * resolves to as the socket connects; a refused connect is retried with the backoff (the allow-list
   * may change). None: any address. A bind already up is not cut when the allow-list changes.
   */
  destinations?: Destinations;
}

export interface SmppEsmeEvents {
  mo: [InboundMessage];
  dlr: [DeliveryReport];
  bound: [];
  unbound: [reason: string];
  error: [Error];
}

type State = 'idle' | 'connecting' | 'bound' | 'closed';

/** What the channel API and /metrics show of a bind. */
export interface SmppLinkStatus {
  state: State | 'refused';
  lastError: string | null;
  lastErrorAt: number | null;
  /** Time of the last PDU received from the SMSC (any kind, enquire_link_resp included). */
  lastPduAt: number | null;
  binds: number;
}

export class SmppEsme extends EventEmitter<SmppEsmeEvents> {
  private session: smpp.Session | undefined;
  private state: State = 'idle';
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private enquireTimer: NodeJS.Timeout | undefined;
  private readonly perSender = new KeyedSerializer();
  private ref = Math.floor(Math.random() * 256);
  readonly window: SubmitWindow;
  /** Shared by all submits: an SMSC that throttles one PDU throttles the link. */
  throttledUntil = 0;
  binds = 0;
  private refused = false;
  private lastError: { message: string; at: number } | null = null;
  private lastPduAt: number | null = null;

  constructor(private readonly opts: SmppEsmeOptions) {
    super();
    validateOptions(opts);
    this.window = new SubmitWindow(opts.windowSize ?? 10);
  }

  get isBound(): boolean {
    return this.state === 'bound';
  }

  get status(): SmppLinkStatus {
    return {
      state: this.refused && this.state === 'connecting' ? 'refused' : this.state, lastError: this.lastError?.message ?? null,
      lastErrorAt: this.lastError?.at ?? null, lastPduAt: this.lastPduAt, binds: this.binds,
    };
  }

  /** Connects and binds; resolves on the first successful bind, rejects if credentials are refused. */
  start(): Promise<void> {
    if (this.state !== 'idle') throw new Error(`SMPP ESME already ${this.state}`);
    const first = new Promise<void>((resolve, reject) => {
      const onBound = () => {
        this.off('error', onError);
        resolve();
      };
      const onError = (err: Error) => {
        if (err instanceof SmppBindError && err.permanent) {
          this.off('bound', onBound);
          this.off('error', onError);
          reject(err);
        }
      };
      this.once('bound', onBound);
      this.on('error', onError);
    });
    this.connect();
    return first;
  }

  /** Waits until the session is bound (or rejects after `timeoutMs`). */
  async waitBound(timeoutMs: number): Promise<void> {
    if (this.state === 'bound') return;
    if (this.state === 'closed') throw new ProviderSendError('smpp', 'network', 'ESME is stopped', false);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('bound', onBound);
        reject(new ProviderSendError('smpp', 'network', `not bound to ${this.opts.host}:${this.opts.port} after ${timeoutMs} ms`, true));
      }, timeoutMs);
      const onBound = () => {
        clearTimeout(timer);
        resolve();
      };
      this.once('bound', onBound);
    });
  }

  /** Sends one MT, split into parts when long. */
  submit(req: SubmitRequest): Promise<SubmitResult> {
    this.ref = (this.ref + 1) & 0xff;
    return submitMessage(this, req, this.ref);
  }

  /** The current session for submit_sm; undefined while reconnecting. @internal */
  get activeSession(): smpp.Session | undefined {
    return this.state === 'bound' ? this.session : undefined;
  }

  get settings() {
    return {
      responseTimeoutMs: this.opts.responseTimeoutMs ?? 10_000,
      throttleBackoffMs: this.opts.throttleBackoffMs ?? 1_000,
      throttleMaxRetries: this.opts.throttleMaxRetries ?? 5,
    };
  }

  async stop(): Promise<void> {
    const wasBound = this.state === 'bound';
    this.state = 'closed';
    clearTimeout(this.reconnectTimer);
    clearInterval(this.enquireTimer);
    const session = this.session;
    this.session = undefined;
    if (!session) return;
    if (wasBound) {
      // Polite unbind, but do not wait long for an SMSC that no longer answers.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1_000);
        session.unbind(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    await new Promise<void>((resolve) => session.destroy(() => resolve()));
  }

  /** 'error' without a listener would throw and skip the deliver_sm_resp; errors are advisory here. */
  private report(err: Error): void {
    this.lastError = { message: err.message, at: Date.now() };
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }

  private connect(): void {
    this.state = 'connecting';
    if (!this.opts.destinations) return this.open(undefined);
    this.opts.destinations().then(
      (policy) => this.state !== 'closed' && this.open(policy.judge),
      (err: Error) => this.state !== 'closed' && this.retryLater(`address policy unavailable: ${err.message}`),
    );
  }

  private open(judge: DestinationGuard | undefined): void {
    const { host, port } = this.opts;
    const literal = judge && isIP(host) ? judge(host, host) : null;
    if (literal) return this.retryLater(refusalText(host, host, literal));
    const session = smpp.connect({ host, port, ...(judge && !isIP(host) ? { lookup: guardedLookup(host, judge) } : {}) });
    this.session = session;
    // Small PDUs in a window: Nagle would hold each one back waiting for the previous ACK.
    session.socket.setNoDelay(true);
    // Each submit_sm in the window watches 'close' to fail fast on a drop.
    session.setMaxListeners(this.window.size + 10);
    let dropped = false;
    const drop = (reason: string) => {
      if (dropped) return;
      dropped = true;
      this.onDrop(session, reason);
    };
    session.on('error', (err: Error) => {
      this.lastError = { message: `socket error: ${err.message}`, at: Date.now() };
      drop(`socket error: ${err.message}`);
    });
    session.on('pdu', () => {
      this.lastPduAt = Date.now();
    });
    session.on('close', () => drop('connection closed'));
    session.on('connect', () => this.bind(session));
    session.on('deliver_sm', (pdu: smpp.PDU) => void this.onDeliverSm(session, pdu));
    session.on('enquire_link', (pdu: smpp.PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: smpp.PDU) => {
      session.send(pdu.response());
      session.close();
    });
  }

  private bind(session: smpp.Session): void {
    // An SMSC that accepts TCP but never answers the bind would otherwise leave us waiting forever.
    const timer = setTimeout(() => session.destroy(), this.settings.responseTimeoutMs);
    session.bind_transceiver(
      { system_id: this.opts.systemId, password: this.opts.password, system_type: this.opts.systemType ?? '', interface_version: 0x34 },
      (pdu) => {
        clearTimeout(timer);
        if (session !== this.session || this.state === 'closed') return;
        if (pdu.command_status !== 0) {
          const err = new SmppBindError(this.opts.systemId, pdu.command_status);
          // Refused credentials may be fixed at the SMSC's end: keep trying, slowly (start() has rejected already).
          if (err.permanent && !this.refused) this.attempt = 0;
          this.refused = err.permanent;
          this.report(err);
          session.destroy();
          return;
        }
        this.state = 'bound';
        this.refused = false;
        this.attempt = 0;
        this.binds++;
        this.startEnquireLink(session);
        this.emit('bound');
      },
    );
  }

  private startEnquireLink(session: smpp.Session): void {
    const interval = this.opts.enquireLinkIntervalMs ?? 30_000;
    const timeout = this.settings.responseTimeoutMs;
    this.enquireTimer = setInterval(() => {
      const timer = setTimeout(() => session.destroy(), timeout);
      const sent = session.enquire_link(() => clearTimeout(timer));
      if (!sent) clearTimeout(timer);
      void this.recheck(session);
    }, interval);
  }

  /** The allow-list may have changed since the bind: a link to an address it no longer allows is closed, and the reconnect judged. */
  private async recheck(session: smpp.Session): Promise<void> {
    const policy = await this.opts.destinations?.().catch(() => undefined);
    const address = session.socket.remoteAddress;
    const host = this.opts.host.replace(/^\[|\]$/g, '');
    const reason = policy && address ? policy.judge(host, address) : null;
    if (!reason || session !== this.session) return;
    this.report(new Error(`closing the link to ${this.opts.host}:${this.opts.port}: ${refusalText(host, address!, reason)}`));
    session.destroy();
  }

  private onDrop(session: smpp.Session, reason: string): void {
    if (session !== this.session) return;
    clearInterval(this.enquireTimer);
    const wasBound = this.state === 'bound';
    if (this.state === 'closed') return;
    this.state = 'connecting';
    this.session = undefined;
    if (wasBound) this.emit('unbound', reason);
    // Never bound (refused, unreachable): say why, so the channel page can show the last bind error.
    // A close after a refused bind_transceiver was already reported as SmppBindError.
    else if (reason.startsWith('socket error')) this.report(new Error(`cannot connect to ${this.opts.host}:${this.opts.port}: ${reason}`));
    this.scheduleReconnect();
  }

  /** No socket was opened (the address policy refused the host): say why and try again later. */
  private retryLater(reason: string): void {
    this.report(new Error(`cannot connect to ${this.opts.host}:${this.opts.port}: ${reason}`));
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const base = this.refused ? (this.opts.refusedBindRetryMs ?? 30_000) : (this.opts.reconnectInitialMs ?? 1_000);
    const delay = Math.min(base * 2 ** this.attempt, Math.max(base, this.opts.reconnectMaxMs ?? 60_000));
    this.attempt++;
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private async onDeliverSm(session: smpp.Session, pdu: smpp.PDU): Promise<void> {
    let status = smpp.ESME_ROK;
    try {
      const outcome = interpretDeliverSm(pdu, this.opts.defaultRegion);
      if (outcome.kind === 'mo') {
        const message = outcome.message;
        await this.perSender.run(message.from, async () => {
          await this.opts.onMo?.(message);
          this.emit('mo', message);
        });
      } else if (outcome.kind === 'dlr') {
        await this.opts.onDlr?.(outcome.report);
        this.emit('dlr', outcome.report);
      }
    } catch (err) {
      // Unreadable: tell the SMSC not to retry. Our own failure (e.g. the database): ask it to retry.
      status = err instanceof UnreadableDeliverError ? smpp.ESME_RX_P_APPN : smpp.ESME_RX_T_APPN;
      this.report(err instanceof Error ? err : new Error(String(err)));
    }
    session.send(pdu.response({ command_status: status }));
  }
}

/** SMPP 3.4 §5.2: system_id is a C-Octet String of at most 16 octets, password at most 9. */
function validateOptions(opts: SmppEsmeOptions): void {
  requireText('smpp.host', opts.host);
  if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65_535) {
    throw new ProviderConfigError('smpp.port', `must be an integer from 1 to 65535, got ${JSON.stringify(opts.port)}`);
  }
  if (requireText('smpp.systemId', opts.systemId).length > 15) throw new ProviderConfigError('smpp.systemId', 'must be at most 15 characters (SMPP 3.4)');
  if (typeof opts.password !== 'string' || opts.password.length > 8) {
    throw new ProviderConfigError('smpp.password', 'must be a string of at most 8 characters (SMPP 3.4)');
  }
  if (opts.windowSize !== undefined && (!Number.isInteger(opts.windowSize) || opts.windowSize < 1)) {
    throw new ProviderConfigError('smpp.windowSize', `must be a positive integer, got ${JSON.stringify(opts.windowSize)}`);
  }
}

export class SmppBindError extends Error {
  override readonly name = 'SmppBindError';
  readonly permanent: boolean;
  constructor(
    systemId: string,
    readonly commandStatus: number,
  ) {
    super(`SMPP bind_transceiver as "${systemId}" refused with status 0x${commandStatus.toString(16).padStart(4, '0')}`);
    this.permanent = [smpp.ESME_RINVPASWD, smpp.ESME_RINVSYSID].includes(commandStatus);
  }
}
