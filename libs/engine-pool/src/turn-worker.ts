/**
 * Worker-thread entry: runs engine turns sent by the pool. Synchronous ports (clock.now, ids,
 * random) run here; every asynchronous port is a request to the host, which answers it (and pauses
 * the turn's watchdog meanwhile). One FlowEngine per limits setting is kept, so compiled
 * expressions and regexes stay cached across turns.
 */
import { parentPort } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import { FlowEngine, FlowEngineError, HttpPortError, type EnginePorts, type FlowEngineErrorCode } from '@moflow/flow-engine';
import { PROXIED_PORTS, toWire, type FromWorker, type ToWorker, type TurnSettings, type WireError } from './protocol';

const port = parentPort;
if (!port) throw new Error('turn-worker.ts runs in a worker thread only');

const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
let nextCall = 0;

function post(msg: FromWorker): void {
  port!.postMessage(msg);
}

function fromWire(e: WireError): Error {
  if (e.name === 'HttpPortError' && e.kind) return new HttpPortError(e.kind as HttpPortError['kind'], e.message);
  if (e.name === 'FlowEngineError' && e.code) return new FlowEngineError(e.code as FlowEngineErrorCode, e.message);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

function proxiedPorts(id: number, settings: TurnSettings): EnginePorts {
  const call = (portName: string, method: string) => (...args: unknown[]) =>
    new Promise((resolve, reject) => {
      const n = nextCall++;
      pending.set(n, { resolve, reject });
      post({ type: 'port_call', id, call: n, port: portName, method, args });
    });
  const ports: Record<string, Record<string, unknown>> = {};
  for (const [name, methods] of Object.entries(PROXIED_PORTS)) {
    ports[name] = {};
    for (const m of methods) ports[name]![m] = call(name, m);
  }
  const random = settings.fixedRandom;
  return {
    ...(ports as unknown as EnginePorts),
    clock: { now: () => Date.now(), sleep: ports['clock']!['sleep'] as EnginePorts['clock']['sleep'] },
    ids: { newId: (prefix) => `${prefix}_${randomUUID()}` },
    random: { next: random === undefined ? () => Math.random() : () => random },
  };
}

const engines = new Map<string, { engine: FlowEngine; ports: { current: EnginePorts } }>();

/** An engine whose ports forward to the current job (one job at a time per worker). */
function engineFor(settings: TurnSettings, ports: EnginePorts): FlowEngine {
  const key = JSON.stringify(settings.limits ?? {});
  let entry = engines.get(key);
  if (!entry) {
    const holder = { current: ports };
    const forward = {} as Record<string, unknown>;
    for (const name of ['http', 'tables', 'tickets', 'messages', 'contacts', 'secrets', 'clock', 'ids', 'random'] as const) {
      forward[name] = new Proxy({}, { get: (_t, method) => (holder.current[name] as unknown as Record<PropertyKey, unknown>)[method] });
    }
    entry = { engine: new FlowEngine({ ports: forward as unknown as EnginePorts, limits: settings.limits }), ports: holder };
    engines.set(key, entry);
  }
  entry.ports.current = ports;
  return entry.engine;
}

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'job') return runJob(msg);
  const p = pending.get(msg.call);
  pending.delete(msg.call);
  if (!p) return;
  if (msg.ok) p.resolve(msg.value);
  else p.reject(fromWire(msg.error));
});

function runJob(msg: Extract<ToWorker, { type: 'job' }>): void {
  const { id, job, settings } = msg;
  const engine = engineFor(settings, proxiedPorts(id, settings));
  const turn = job.kind === 'start' ? engine.start(job.params) : engine.resume(job.definition, job.state, job.event);
  turn.then(
    (result) => post({ type: 'done', id, state: result.state, events: result.events }),
    (err: unknown) => post({ type: 'failed', id, error: toWire(err) }),
  );
}

// loading this bundle takes a while on a busy machine: the pool starts the watchdog only from here
post({ type: 'ready' });
