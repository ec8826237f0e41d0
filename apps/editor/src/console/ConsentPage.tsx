import { useQuery } from '@tanstack/react-query';
import { Download } from 'lucide-react';
import { consoleApi } from '../api/console-api';
import { hrefFor, navigate } from '../use-hash-route';
import { when } from './format';
import { Pager } from './Pager';
import { useChannels } from './use-channels';
import { useCursorPages } from './use-cursor-pages';

/** The consent log (append-only): every opt-out and opt-in, newest first, with a CSV export of the same filter. */
export function ConsentPage({ query }: { query: Record<string, string> }) {
  const channels = useChannels();
  const filter = { channelId: query['channelId'], action: query['action'] };
  const key = JSON.stringify(filter);
  const pages = useCursorPages(key);
  const list = useQuery({ queryKey: ['consent', key, pages.cursor], queryFn: () => consoleApi.consent({ ...filter, cursor: pages.cursor, limit: 100 }) });
  const set = (patch: Record<string, string | undefined>) => navigate(hrefFor(['consent'], { ...query, ...patch }));
  const csv = `/api/v1/consent/export.csv${filter.channelId ? `?channelId=${encodeURIComponent(filter.channelId)}` : ''}`;
  return (
    <section className="console-page" aria-labelledby="consent-title">
      <h1 id="consent-title">Consent log</h1>
      <div className="filters">
        <label>Channel<select value={filter.channelId ?? ''} onChange={(e) => set({ channelId: e.target.value })}>
          <option value="">Any</option>{channels.list.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</select></label>
        <label>Change<select value={filter.action ?? ''} onChange={(e) => set({ action: e.target.value })}>
          <option value="">Both</option><option value="opt_out">Opt-outs</option><option value="opt_in">Opt-ins</option></select></label>
        <a className="icon-button button-link" href={csv} download="consent-log.csv"><Download size={14} aria-hidden="true" />Export CSV</a>
      </div>
      {list.error && <p role="alert" className="error">{list.error.message}</p>}
      <table className="data-table" aria-label="Consent log">
        <thead><tr><th>When</th><th>Number</th><th>Channel</th><th>Change</th><th>How</th></tr></thead>
        <tbody>
          {(list.data?.items ?? []).map((e) => (
            <tr key={e.id}>
              <td className="small">{when(e.at)}</td>
              <td><a href={hrefFor(['contacts', e.contactId])}>{e.phone}</a></td>
              <td>{channels.name(e.channelId)}</td>
              <td>{e.action === 'opt_out' ? <span className="status bad">Opted out</span> : <span className="status good">Opted in</span>}</td>
              <td className="small">{e.source === 'keyword' ? `texted ${e.keyword ?? 'a keyword'}` : e.source === 'api' ? 'by an operator' : 'by a flow'}</td>
            </tr>
          ))}
          {list.data?.items.length === 0 && <tr><td colSpan={5} className="muted">No consent events.</td></tr>}
        </tbody>
      </table>
      <Pager page={pages.page} nextCursor={list.data?.nextCursor} onNewer={pages.newer} onOlder={pages.older} />
    </section>
  );
}
