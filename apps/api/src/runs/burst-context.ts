import { AsyncLocalStorage } from 'node:async_hooks';
import type { OutboundMessage, TicketRequest } from '@moflow/flow-engine';

/**
 * What one burst (start or resume) did through the ports, buffered so the run, its steps, its
 * outbox rows, tickets and contact changes are written in ONE transaction at the end of the burst.
 * The shared FlowEngine finds the current burst through AsyncLocalStorage, so bursts of different
 * contacts may interleave safely.
 */
export class BurstContext {
  readonly outbound: (OutboundMessage & { id: string })[] = [];
  readonly tickets: (TicketRequest & { id: string })[] = [];
  contactPatch: { name?: string | null; fields?: Record<string, unknown> } | null = null;
  readonly subscriptions = new Map<string, boolean>();
  /** Secret values read during the burst: scrubbed from everything stored. */
  readonly secretValues = new Set<string>();
}

export const burstStorage = new AsyncLocalStorage<BurstContext>();

export function currentBurst(): BurstContext {
  const ctx = burstStorage.getStore();
  if (!ctx) throw new Error('engine port used outside a run burst (RunService must wrap engine calls)');
  return ctx;
}
