import type { QueryClient } from '@tanstack/react-query';
import { flowsApi } from '../api/flows-api';
import { filtersOf } from './run-filters';
import { runsApi } from './runs-api';

/**
 * Starts the data requests of a runs address (the list with the filters it names, or one run and
 * the flow version it ran) while the page's code is still loading, under the query keys the pages
 * read, so the first render finds them in flight or done instead of starting them.
 */
export function prefetchRunsRoute(qc: QueryClient, rest: readonly string[], query: Record<string, string>): void {
  const runId = rest[0];
  if (!runId) {
    const filters = filtersOf(query);
    void qc.prefetchInfiniteQuery({ queryKey: ['runs', filters], queryFn: ({ pageParam }) => runsApi.list(filters, pageParam), initialPageParam: null as string | null });
    return;
  }
  void qc.fetchQuery({ queryKey: ['run', runId], queryFn: () => runsApi.detail(runId) }).then(
    (run) => qc.prefetchQuery({ queryKey: ['flow-version', run.flowId, run.flowVersion], queryFn: () => flowsApi.version(run.flowId, run.flowVersion), staleTime: Infinity }),
    () => undefined, // the page shows the error when it asks again
  );
}
