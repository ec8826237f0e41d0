/**
 * The flow a user is about to open, fetched as early as we know about it: when the pointer goes
 * down on its link in the flows list, and when the address changes to it (before React renders
 * the editor). The editor page takes that request instead of starting its own after its first
 * render, so the flow's JSON travels while the click, the route change and the page's code run.
 *
 * A prefetched answer is used only for an open that follows within FRESH_MS, and only once: a
 * later visit always fetches again (never an old revision from an earlier visit).
 */
import type { FlowDto } from '@moflow/api-contract';
import { flowsApi } from './flows-api';

const FRESH_MS = 2_000;
const pending = new Map<string, { at: number; flow: Promise<FlowDto> }>();

export function prefetchFlow(id: string, now = Date.now()): void {
  const p = pending.get(id);
  if (p && now - p.at < FRESH_MS) return;
  const flow = flowsApi.get(id);
  // A failed prefetch is forgotten; the page's own request then reports the error.
  flow.catch(() => { if (pending.get(id)?.flow === flow) pending.delete(id); });
  pending.set(id, { at: now, flow });
}

/** The prefetched flow if it is fresh (and then no longer kept), otherwise a new request. */
export function takeFlow(id: string, now = Date.now()): Promise<FlowDto> {
  const p = pending.get(id);
  pending.delete(id);
  return p && now - p.at < FRESH_MS ? p.flow : flowsApi.get(id);
}
