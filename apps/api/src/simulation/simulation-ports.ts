import { randomUUID } from 'node:crypto';
import { HttpPortError, type DataTablePort, type EnginePorts, type HttpPort, type SecretPort } from '@moflow/flow-engine';
import { lookupSecretUses, type FlowDefinition } from '@moflow/flow-spec';
import type { SimulateResponse } from '@moflow/api-contract';

export type MockedLookups = Record<string, { status: number; body: unknown; headers?: Record<string, string> }[]>;

/** Where stand-in secrets point: `.invalid` never resolves, and the mocked port never dials anyway. */
const STAND_IN_DOMAIN = 'secret.simulated.invalid';

/**
 * A simulation never sees a real secret: `secrets.NAME` resolves to a URL on a stand-in host, so a
 * URL that starts with a secret base still renders and keeps to that base's origin. Each stand-in
 * is bound to its own host and to the literal hosts of the flow's lookups; whether the real secrets
 * are bound there is the validator's check (SecretBindingCheck), not the simulation's.
 */
export function simulatedSecrets(definition: FlowDefinition): SecretPort {
  const literalHosts = lookupSecretUses(definition).flatMap((u) => (u.host === null ? [] : [u.host]));
  return {
    async get(name) {
      const host = `${name.toLowerCase().replace(/_/g, '-')}.${STAND_IN_DOMAIN}`;
      return { value: `https://${host}`, hosts: [host, ...new Set(literalHosts)] };
    },
  };
}

/**
 * HTTP lookups never leave the machine in a simulation: the port answers each request from the mocks
 * given for the step that makes it (`HttpRequest.nodeId`), in call order. The flow keeps its own URL,
 * headers and body, so their templates run as they will when published. No mock → the lookup fails clearly.
 */
export function mockedHttp(lookups: MockedLookups): HttpPort {
  const calls = new Map<string, number>();
  return {
    async request(req) {
      const nodeId = req.nodeId;
      if (nodeId === undefined) throw new HttpPortError('refused', 'a simulated lookup must name its step: a simulation never calls real endpoints');
      const list = lookups[nodeId] ?? [];
      const n = calls.get(nodeId) ?? 0;
      calls.set(nodeId, n + 1);
      const mock = list[Math.min(n, list.length - 1)];
      if (!mock) throw new HttpPortError('refused', `no mocked response for lookup node "${nodeId}": a simulation never calls real endpoints`);
      const body = typeof mock.body === 'string' ? mock.body : JSON.stringify(mock.body);
      return { status: mock.status, headers: { 'content-type': 'application/json', ...mock.headers }, body };
    },
  };
}

export interface SimulationRecorder {
  transcript: SimulateResponse['transcript'];
}

/** In-memory ports: nothing is sent or stored; outbound texts land in the transcript. */
export function simulationPorts(rec: SimulationRecorder, http: HttpPort, tables: DataTablePort, secrets: SecretPort): EnginePorts {
  return {
    http,
    tables,
    tickets: { open: async () => ({ ticketId: `sim-ticket-${randomUUID()}` }) },
    messages: {
      async send(msg) {
        rec.transcript.push({ direction: 'out', text: msg.text, encoding: msg.encoding, segments: msg.segments, nodeId: msg.nodeId });
        return { messageId: `sim-msg-${randomUUID()}` };
      },
    },
    // The engine keeps the contact snapshot in the run state; nothing to persist.
    contacts: { update: async () => undefined, setSubscription: async () => undefined },
    secrets,
    clock: { now: () => Date.now(), sleep: async () => undefined },
    ids: { newId: () => randomUUID() },
    random: { next: () => 0.5 },
  };
}
