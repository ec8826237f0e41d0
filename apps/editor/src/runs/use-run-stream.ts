import { useEffect, useRef } from 'react';
import type { RunSummaryDto } from '@moflow/api-contract';
import { runsApi } from './runs-api';

/** Calls `onRun` for every new or updated run announced on the SSE stream (reconnects by itself). */
export function useRunStream(flowId: string | undefined, onRun: (run: RunSummaryDto) => void): void {
  const handler = useRef(onRun);
  handler.current = onRun;
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(runsApi.streamUrl(flowId), { withCredentials: true });
    const listener = (e: MessageEvent<string>) => {
      try {
        handler.current(JSON.parse(e.data) as RunSummaryDto);
      } catch {
        // a malformed event is skipped; the next one still arrives
      }
    };
    source.addEventListener('run', listener);
    return () => { source.removeEventListener('run', listener); source.close(); };
  }, [flowId]);
}
