import { afterEach, describe, expect, it } from 'vitest';
import * as smpp from 'smpp';
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

  it('rejects start() when the SMSC refuses the password, and does not retry', async () => {
    const smsc = new FakeSmsc('moflow', 'pw123');
    const port = await smsc.start();
    const esme = new SmppEsme({ host: '127.0.0.1', port, systemId: 'moflow', password: 'wrong', reconnectInitialMs: 10 });
    const err = await esme.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmppBindError);
    expect((err as SmppBindError).commandStatus).toBe(smpp.ESME_RINVPASWD);
    await new Promise((r) => setTimeout(r, 100));
    expect(smsc.bindFailures).toBe(1);
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

  it('backs off exponentially while the SMSC is down', async () => {
    rig = await bindRig({ reconnectInitialMs: 50, reconnectMaxMs: 10_000 });
    const { port } = rig.smsc.address;
    await rig.smsc.stop();
    const started = Date.now();
    // Nothing listens now: attempts at ~50, 150, 350 ms… Bring a new SMSC up on the same port later.
    await new Promise((r) => setTimeout(r, 400));
    const again = new FakeSmsc('moflow', 'pw123');
    await again.start(port);
    await until(() => rig!.esme.isBound, 5_000, 'rebind to the restarted SMSC');
    // With fixed 50 ms retries it would have re-bound ~50 ms after the restart; backoff waits for
    // the next slot (750 ms after the drop).
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(again.binds).toBe(1);
    await rig.esme.stop();
    await again.stop();
    rig = undefined;
  });
});
