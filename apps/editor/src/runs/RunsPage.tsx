import { useCallback, useMemo, useState } from 'react';
import { useInfiniteQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { Page, RunSummaryDto, UserDto } from '@moflow/api-contract';
import { can } from '../auth/permissions';
import { hrefFor } from '../use-hash-route';
import { filtersOf, liveMatch } from './run-filters';
import { RunFiltersForm } from './RunFiltersForm';
import { runsApi, type RunFilters } from './runs-api';
import { statusWords } from './status-words';
import { useRunStream } from './use-run-stream';
import './runs.css';

type Pages = InfiniteData<Page<RunSummaryDto>, string | null>;

/**
 * Every run, newest first, in keyset pages ("Older runs" appends the next page). Runs announced
 * live are held in a "new runs" bar instead of pushing the list down under the reader; runs
 * already on screen are updated in place.
 */
export function RunsPage({ query, user }: { query: Record<string, string>; user: UserDto }) {
  const personal = can(user.role, 'readPersonalData');
  const [filters, setFilters] = useState<RunFilters>(() => filtersOf(query));
  const [fresh, setFresh] = useState<RunSummaryDto[]>([]);
  const [maybeMore, setMaybeMore] = useState(false);
  const qc = useQueryClient();
  const key = useMemo(() => ['runs', filters] as const, [filters]);
  const runs = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => runsApi.list(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: Infinity,
  });

  const apply = (f: RunFilters) => {
    setFilters(f);
    setFresh([]);
    setMaybeMore(false);
    // Shareable address without a history entry per search.
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hrefFor(['runs'], f)}`);
  };

  const onRun = useCallback((run: RunSummaryDto) => {
    const data = qc.getQueryData<Pages>(key);
    const shown = data?.pages.some((p) => p.items.some((r) => r.id === run.id));
    if (shown) {
      qc.setQueryData<Pages>(key, (d) => d && { ...d, pages: d.pages.map((p) => ({ ...p, items: p.items.map((r) => (r.id === run.id ? run : r)) })) });
      return;
    }
    const match = liveMatch(run, filters);
    if (match === null) setMaybeMore(true);
    else if (match) setFresh((list) => [run, ...list.filter((r) => r.id !== run.id)]);
  }, [qc, key, filters]);
  useRunStream(filters.flowId, onRun);

  const showFresh = () => {
    qc.setQueryData<Pages>(key, (d) => {
      if (!d || d.pages.length === 0) return d;
      const [first, ...rest] = d.pages;
      const known = new Set(d.pages.flatMap((p) => p.items.map((r) => r.id)));
      return { ...d, pages: [{ ...first!, items: [...fresh.filter((r) => !known.has(r.id)), ...first!.items] }, ...rest] };
    });
    setFresh([]);
  };

  const items = runs.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="page">
      <main className="runs-page">
        <h1>Runs</h1>
        <RunFiltersForm value={filters} onChange={apply} textSearch={personal} />
        <div className="toolbar">
          <span className="muted" role="status">{runs.isPending ? 'Loading runs…' : `${items.length}${runs.hasNextPage ? '+' : ''} run${items.length === 1 ? '' : 's'}`}</span>
          <span className="spacer" />
          {personal
            ? <a className="button" href={runsApi.exportUrl(filters)} download="runs.csv">Export CSV</a>
            : <span className="muted small">Numbers are masked and message texts hidden for your role.</span>}
        </div>
        {fresh.length > 0 && (
          <button type="button" className="new-runs" onClick={showFresh}>{fresh.length} new run{fresh.length === 1 ? '' : 's'} — show</button>
        )}
        {maybeMore && fresh.length === 0 && (
          <button type="button" className="new-runs" onClick={() => { setMaybeMore(false); void runs.refetch(); }}>New runs may match — refresh</button>
        )}
        {runs.error && <p role="alert" className="error">Could not load runs: {runs.error.message}</p>}
        <table className="flow-table runs-table">
          <thead><tr><th>Started</th><th>Flow</th><th>Contact</th><th>Status</th><th>Problem</th></tr></thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} data-testid={`run-row-${r.id}`}>
                <td><a href={hrefFor(['runs', r.id])}>{new Date(r.startedAt).toLocaleString()}</a></td>
                <td>{r.flowName} <span className="muted">v{r.flowVersion}</span></td>
                <td>{r.contactPhone}</td>
                <td><span className={`run-status status-${r.status}`}>{statusWords[r.status]}</span></td>
                <td className="error small">{r.error ?? ''}</td>
              </tr>
            ))}
            {!runs.isPending && items.length === 0 && <tr><td colSpan={5} className="muted">No run matches these filters.</td></tr>}
          </tbody>
        </table>
        {runs.hasNextPage && (
          <button type="button" onClick={() => void runs.fetchNextPage()} disabled={runs.isFetchingNextPage}>
            {runs.isFetchingNextPage ? 'Loading…' : 'Older runs'}
          </button>
        )}
      </main>
    </div>
  );
}
