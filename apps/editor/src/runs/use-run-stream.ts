import type { RunSummaryDto } from '@moflow/api-contract';
import { useEventStream } from '../api/use-event-stream';
import { runsApi } from './runs-api';

/** Calls `onRun` for every new or updated run announced on the SSE stream (reconnects by itself). */
export function useRunStream(flowId: string | undefined, onRun: (run: RunSummaryDto) => void): void {
  useEventStream(runsApi.streamUrl(flowId), { run: (data) => onRun(data as RunSummaryDto) });
}
