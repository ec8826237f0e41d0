import type { RunStatusDto } from '@moflow/api-contract';

/**
 * A run's status in words. Kept apart from run-words.ts, which reads the node catalogue of
 * flow-spec: the runs list shows statuses without loading the flow schema code.
 */
export const statusWords: Record<RunStatusDto, string> = {
  running: 'Running', waiting: 'Waiting for a reply', completed: 'Completed', failed: 'Failed', expired: 'Expired', cancelled: 'Cancelled',
};
