import type { InboundMessageSnapshot } from '@moflow/flow-engine';
import type { DispatchResult } from '../dispatch/dispatch-job';

/** Optional handler the dispatcher delegates inbound MOs and wait timeouts to (conversation rules). */
export const INBOUND_ROUTER = Symbol('INBOUND_ROUTER');

export interface InboundRouterPort {
  inbound(message: InboundMessageSnapshot): Promise<DispatchResult>;
  timeout(runId: string): Promise<DispatchResult>;
}
