import { randomUUID } from 'node:crypto';
import { HttpPortError, type DataTablePort, type EnginePorts, type HttpPort } from '@moflow/flow-engine';
import type { FlowDefinition } from '@moflow/flow-spec';
import type { SimulateResponse } from '@moflow/api-contract';

export type MockedLookups = Record<string, { status: number; body: unknown; headers?: Record<string, string> }[]>;

const SIM_ORIGIN = 'http://simulated-lookup.invalid';

/**
 * HTTP lookups never leave the machine in a simulation: each http lookup node's URL is replaced by
 * one naming the node (`HttpRequest` carries no node id), and the port answers from the mocked
 * responses given for that node, in call order. No mock → the lookup fails clearly.
 */
export function withSimulatedLookups(definition: FlowDefinition): FlowDefinition {
  return {
    ...definition,
    nodes: definition.nodes.map((n) =>
      n.type === 'lookup' && n.config.kind === 'http'
        ? { ...n, config: { ...n.config, url: `${SIM_ORIGIN}/${n.id}`, headers: {}, body: undefined } }
        : n),
  };
}

export function mockedHttp(lookups: MockedLookups): HttpPort {
  const calls = new Map<string, number>();
  return {
    async request(req) {
      // The request names its step; the URL (rewritten to SIM_ORIGIN so nothing real is reached) is the fallback.
      const nodeId = req.nodeId ?? (req.url.startsWith(SIM_ORIGIN) ? decodeURIComponent(req.url.slice(SIM_ORIGIN.length + 1)) : '?');
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
export function simulationPorts(rec: SimulationRecorder, http: HttpPort, tables: DataTablePort): EnginePorts {
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
    // Lookups go to SIM_ORIGIN only (withSimulatedLookups), so a stand-in bound there is all it needs.
    secrets: { get: async (name) => ({ value: `[secret ${name}]`, hosts: [new URL(SIM_ORIGIN).hostname] }) },
    clock: { now: () => Date.now(), sleep: async () => undefined },
    ids: { newId: () => randomUUID() },
    random: { next: () => 0.5 },
  };
}
