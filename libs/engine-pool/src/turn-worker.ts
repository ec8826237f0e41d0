/**
 * Worker-thread entry: runs engine turns sent by the pool, many at once. The thread executes one
 * turn at a time; a turn that awaits a port (a request to the host) leaves the thread to the others.
 * Every message from the pool belongs to one turn, and that turn's code runs in the message's
 * handler and the microtasks after it: so the worker marks the turn as executing on the shared busy
 * clock when the message arrives, and idle once the queued messages are done (setImmediate runs
 * after them). Synchronous ports (clock.now, ids, random) run here. One FlowEngine per limits
 * setting is kept, and keyed definitions are cached, so compiled expressions, regexes and flow
 * graphs stay cached across turns.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import { setPriority } from 'node:os';
import { FlowEngine, FlowEngineError, HttpPortError, type EnginePorts, type FlowEngineErrorCode } from '@moflow/flow-engine';
import { uuidV7, type FlowDefinition } from '@moflow/flow-spec';
import { BusyClock, IDLE } from './busy-clock';
import { ownThreadId } from './thread-cpu';
import { PROXIED_PORTS, toWire, type FromWorker, type ToWorker, type TurnSettings, type WireError, type WireJob } from './protocol';

const port = parentPort;
if (!port) throw new Error('turn-worker.ts runs in a worker thread only');
const data = workerData as { clock: SharedArrayBuffer; nice: number };
const clock = new BusyClock(data.clock);

// Below the main thread: when turns saturate the cores, HTTP, ingest and writes still get the CPU first
// (Linux schedules threads as tasks: the thread's own id names it alone).
const tid = ownThreadId();
if (data.nice > 0 && tid !== null) {
  try {
    setPriority(tid, data.nice);
  } catch {
    // not allowed here: the workers run at the process's priority
  }
}

interface Running {
  /** Busy milliseconds of this turn in this worker. */
  used: number;
  nextCall: number;
  pending: Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>;
}
const running = new Map<number, Running>();

let current = IDLE;
let since = 0;
let idleQueued = false;

/** The turn `id` executes from now (its message arrived). */
function enter(id: number): void {
  const now = Date.now();
  leave(now);
  current = id;
  since = now;
  clock.enter(id, now, running.get(id)?.used ?? 0);
  if (!idleQueued) {
    idleQueued = true;
    setImmediate(goIdle);
  }
}

function leave(now: number): void {
  const turn = running.get(current);
  if (turn) turn.used += now - since;
  current = IDLE;
}

function goIdle(): void {
  idleQueued = false;
  leave(Date.now());
  clock.idle();
}

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

function turnPorts(id: number, turn: Running, settings: TurnSettings): EnginePorts {
  const call = (portName: string, method: string) => (...args: unknown[]) =>
    new Promise((resolve, reject) => {
      const n = turn.nextCall++;
      turn.pending.set(n, { resolve, reject });
      post({ type: 'port_call', id, call: n, port: portName, method, args });
    });
  const ports: Record<string, Record<string, unknown>> = {};
  for (const [name, methods] of Object.entries(PROXIED_PORTS)) {
    ports[name] = {};
    for (const m of methods) ports[name]![m] = call(name, m);
  }
  const random = settings.fixedRandom;
  const local: Partial<EnginePorts> = settings.localEffects
    ? {
        messages: { send: async () => ({ messageId: uuidV7() }) },
        tickets: { open: async () => ({ ticketId: uuidV7() }) },
        contacts: { update: async () => undefined, setSubscription: async () => undefined },
      }
    : {};
  return {
    ...(ports as unknown as EnginePorts),
    ...local,
    clock: { now: () => Date.now(), sleep: ports['clock']!['sleep'] as EnginePorts['clock']['sleep'] },
    ids: { newId: (prefix) => `${prefix}_${randomUUID()}` },
    random: { next: random === undefined ? () => Math.random() : () => random },
  };
}

const engines = new Map<string, FlowEngine>();

function engineFor(settings: TurnSettings): FlowEngine {
  const key = JSON.stringify(settings.limits ?? {});
  let engine = engines.get(key);
  if (!engine) engines.set(key, (engine = new FlowEngine({ limits: settings.limits })));
  return engine;
}

/** Keyed definitions (immutable published versions), least recently used dropped first. */
const FLOW_CACHE = 256;
const flows = new Map<string, FlowDefinition>();

function definitionOf(job: WireJob): FlowDefinition | undefined {
  const given = job.kind === 'start' ? job.params.definition : job.definition;
  const key = job.flowKey;
  if (!key) return given;
  const cached = given ?? flows.get(key);
  if (!cached) return undefined;
  flows.delete(key);
  flows.set(key, cached);
  if (flows.size > FLOW_CACHE) flows.delete(flows.keys().next().value!);
  return cached;
}

port.on('message', (msg: ToWorker) => {
  enter(msg.id);
  if (msg.type === 'job') return runJob(msg);
  const turn = running.get(msg.id);
  const p = turn?.pending.get(msg.call);
  if (!turn || !p) return;
  turn.pending.delete(msg.call);
  if (msg.ok) p.resolve(msg.value);
  else p.reject(fromWire(msg.error));
});

function runJob(msg: Extract<ToWorker, { type: 'job' }>): void {
  const { id, job, settings } = msg;
  const definition = definitionOf(job);
  if (!definition) return post({ type: 'missing_flow', id });
  const turn: Running = { used: 0, nextCall: 0, pending: new Map() };
  running.set(id, turn);
  const engine = engineFor(settings);
  const ports = turnPorts(id, turn, settings);
  const result = job.kind === 'start'
    ? engine.start({ ...job.params, definition }, ports)
    : engine.resume(definition, job.state, job.event, ports);
  result.then(
    (r) => post({ type: 'done', id, state: r.state, events: r.events }),
    (err: unknown) => post({ type: 'failed', id, error: toWire(err) }),
  ).finally(() => running.delete(id));
}

// loading this bundle takes a while on a busy machine: the pool counts on this worker from here
post({ type: 'ready', tid });
