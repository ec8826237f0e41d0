import { afterEach, describe, expect, it } from 'vitest';
import * as smpp from 'smpp';
import { DestinationPolicy } from '../outbound/destination-policy';
import { FakeSmsc } from '../testing/fake-smsc';
import { SmppBindError, SmppEsme } from './smpp-esme';
import { bindRig, until, type Rig } from './smpp.test-helpers';

describe('SmppEsme session', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.stop();
    rig = undefined;
  });

  it('binds as transceiver with system_id and password', async () => {
    rig = await bindRig();
    expect(rig.esme.isBound).toBe(true);
    expect(rig.smsc.binds).toBe(1);
  });

  it('rejects start() when the SMSC refuses the password, keeps retrying on the slow schedule, and binds once the SMSC accepts', async () => {
    const smsc = new FakeSmsc('moflow', 'pw123');
    const port = await smsc.start();
    const esme = new SmppEsme({ host: '127.0.0.1', port, systemId: 'moflow', password: 'wrong', reconnectInitialMs: 1, refusedBindRetryMs: 150, reconnectMaxMs: 150 });
    const err = await esme.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmppBindError);
    expect((err as SmppBindError).commandStatus).toBe(smpp.ESME_RINVPASWD);
    await new Promise((r) => setTimeout(r, 60));
    expect(smsc.bindFailures).toBe(1); // not the 1 ms schedule of a dropped link
    expect(esme.status).toMatchObject({ state: 'refused', lastError: expect.stringContaining('0x000e'), binds: 0 });
    await until(() => smsc.bindFailures >= 2, 3_000, 'a second bind attempt');
    (smsc as unknown as { password: string }).password = 'wrong'; // the SMSC operator fixes the account
    await esme.waitBound(3_000);
    expect(esme.status).toMatchObject({ state: 'bound', binds: 1 });
    expect(esme.status.lastPduAt).toEqual(expect.any(Number));
    await esme.stop();
    await smsc.stop();
  });

  it('gives up on a bind that is never answered and retries', async () => {
    const { createServer } = await import('node:net');
    const sockets: Array<import('node:net').Socket> = [];
    let ended = 0;
    const mute = createServer((socket) => {
      sockets.push(socket);
      socket.on('end', () => ended++).resume(); // read (and ignore) the bind PDU
    });
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', r));
    const port = (mute.address() as { port: number }).port;
    const esme = new SmppEsme({ host: '127.0.0.1', port, systemId: 'moflow', password: 'pw123', responseTimeoutMs: 80, reconnectInitialMs: 10 });
    void esme.start().catch(() => undefined);
    await until(() => sockets.length >= 2, 2_000, 'a second connection attempt');
    await until(() => ended >= 1, 2_000, 'the unanswered connection to be closed by the ESME');
    await esme.stop();
    sockets.forEach((s) => s.destroy());
    await new Promise<void>((r) => mute.close(() => r()));
  });

  it('sends enquire_link every interval', async () => {
    rig = await bindRig({ enquireLinkIntervalMs: 40 });
    await until(() => rig!.smsc.enquireLinks >= 3, 2_000, 'three enquire_links');
    expect(rig.esme.isBound).toBe(true);
  });

  it('drops and re-binds when enquire_link goes unanswered', async () => {
    rig = await bindRig({ enquireLinkIntervalMs: 40, responseTimeoutMs: 100 });
    const unbound = new Promise<string>((r) => rig!.esme.once('unbound', r));
    rig.smsc.ignoreEnquireLink = true;
    await unbound;
    rig.smsc.ignoreEnquireLink = false;
    await until(() => rig!.smsc.binds === 2 && rig!.esme.isBound, 3_000, 'rebind');
  });

  it('re-binds with backoff after the SMSC drops the connection, and can submit again', async () => {
    rig = await bindRig();
    const events: string[] = [];
    rig.esme.on('unbound', () => events.push('unbound'));
    rig.esme.on('bound', () => events.push('bound'));
    rig.smsc.dropConnections();
    await until(() => rig!.smsc.binds === 2 && rig!.esme.isBound, 3_000, 'rebind');
    expect(events).toEqual(['unbound', 'bound']);
    await expect(rig.esme.submit({ from: 'Moflow', to: '+447700900123', text: 'after rebind' })).resolves.toMatchObject({ messageIds: [expect.any(String)] });
  });

  it('backs off exponentially between reconnection attempts while the SMSC refuses service', async () => {
    const { createServer } = await import('node:net');
    const attempts: number[] = [];
    // Accept TCP and hang up at once, like an SMSC restarting behind a load balancer.
    const flaky = createServer((socket) => {
      attempts.push(performance.now());
      socket.destroy();
    });
    await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', r));
    const port = (flaky.address() as { port: number }).port;
    const esme = new SmppEsme({ host: '127.0.0.1', port, systemId: 'moflow', password: 'pw123', reconnectInitialMs: 40, reconnectMaxMs: 10_000 });
    void esme.start().catch(() => undefined);
    await until(() => attempts.length >= 5, 5_000, 'five connection attempts');
    await esme.stop();
    await new Promise<void>((r) => flaky.close(() => r()));
    const gaps = attempts.slice(1).map((t, i) => t - (attempts[i] ?? 0));
    // Timers never fire early, so each gap is at least 40·2ⁿ ms (minus clock granularity).
    gaps.slice(0, 4).forEach((gap, n) => expect(gap).toBeGreaterThanOrEqual(40 * 2 ** n - 2));
  });
});

describe('SmppEsme under an address policy', () => {
  it('judges the host on every (re)connect, and closes a bound link once the policy no longer allows its address', async () => {
    const smsc = new FakeSmsc('moflow', 'pw123');
    const port = await smsc.start();
    // 127.0.0.1 stands in for an allow-listed address; `allowed` is the admin's allow-list.
    let allowed = true;
    let policy = new DestinationPolicy(() => null);
    const esme = new SmppEsme({
      host: 'localhost', port, systemId: 'moflow', password: 'pw123', enquireLinkIntervalMs: 50, reconnectInitialMs: 20, reconnectMaxMs: 40,
      destinations: async () => policy,
    });
    try {
      await esme.start();
      expect(smsc.boundSessions).toBe(1);
      // the allow-list changes: a new policy version refuses loopback
      allowed = false;
      policy = new DestinationPolicy((_host, address) => (!allowed && address === '127.0.0.1' ? 'loopback address' : null));
      await until(() => smsc.boundSessions === 0, 3_000, 'the link closed by the policy');
      await new Promise((r) => setTimeout(r, 200)); // several reconnect attempts
      expect(smsc.binds).toBe(1);
      expect(esme.status.lastError).toMatch(/cannot connect to localhost:\d+: socket error: localhost \(127\.0\.0\.1\) refused: loopback address/);
      // allowed again: the next attempt binds
      allowed = true;
      await until(() => smsc.boundSessions === 1, 3_000, 'the bind once allowed again');
    } finally {
      await esme.stop();
      await smsc.stop();
    }
  });
});
