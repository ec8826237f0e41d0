/**
 * Default ports. Ports that reach outside the engine (HTTP, data tables, tickets, messages,
 * contacts, secrets) throw loudly so a forgotten wiring fails the run with a message saying what to
 * inject, never a silent no-op. Three defaults are real because every host wants them: the clock
 * (Date.now, setTimeout sleep), ids (crypto.randomUUID) and randomness (Math.random, only used
 * for backoff jitter).
 */
import type { EngineLimits } from './engine-api';
import { FlowEngineError, FlowEngineErrorCode } from './errors';
import type { EnginePorts } from './ports';

function notConfigured(port: string, what: string): never {
  throw new FlowEngineError(
    FlowEngineErrorCode.PORT_NOT_CONFIGURED,
    `no ${port} port configured: inject EnginePorts.${port} to ${what}`,
  );
}

export const defaultPorts: EnginePorts = {
  http: { request: async () => notConfigured('http', 'run lookup nodes') },
  tables: { find: async () => notConfigured('tables', 'run table lookup nodes') },
  tickets: { open: async () => notConfigured('tickets', 'run ticket nodes') },
  messages: { send: async () => notConfigured('messages', 'run reply nodes') },
  contacts: {
    update: async () => notConfigured('contacts', 'run set nodes that change the contact'),
    setSubscription: async () => notConfigured('contacts', 'run subscribe nodes'),
  },
  secrets: { get: async () => notConfigured('secrets', 'use {{ secrets.NAME }} in lookups') },
  clock: {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  },
  ids: { newId: (prefix) => `${prefix}_${globalThis.crypto.randomUUID()}` },
  random: { next: () => Math.random() },
};

export const defaultLimits: EngineLimits = {
  maxStepsPerBurst: 100,
  maxStepsPerRun: 1000,
  expressionTimeoutMs: 250,
  expressionMaxOutputChars: 64 * 1024,
};
