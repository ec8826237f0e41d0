import { useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page, TicketDto, TicketEntryEventDto, UserDto } from '@moflow/api-contract';
import { consoleApi } from '../api/console-api';
import { useEventStream } from '../api/use-event-stream';
import { hrefFor, navigate } from '../use-hash-route';
import { when } from './format';
import { Pager } from './Pager';
import { StatusBadge } from './StatusBadge';
import { TicketDetail } from './TicketDetail';
import { useCursorPages } from './use-cursor-pages';
import { isNewTicket, prependNew, ticketMatches, topInView, withEntry } from './live-updates';

/**
 * The ticket inbox: filters, the list and the open ticket beside it, all live (SSE). A new ticket
 * goes straight into the list when its top is on screen; otherwise it waits behind a "new tickets"
 * bar so the reader's place does not move. Changes to listed tickets are applied in place.
 */
export function TicketsPage({ user, rest, query }: { user: UserDto; rest: string[]; query: Record<string, string> }) {
  const selected = rest[0];
  const status = query['status'] ?? 'open';
  const assignee = query['assignee'] === 'me' ? user.id : query['assignee'];
  const filter = { status: status === 'any' ? undefined : status, team: query['team'], assigneeId: assignee };
  const key = JSON.stringify(filter);
  const pages = useCursorPages(key);
  const listKey = ['tickets', key, pages.cursor];
  const list = useQuery({ queryKey: listKey, queryFn: () => consoleApi.tickets({ ...filter, cursor: pages.cursor, limit: 50 }) });
  const qc = useQueryClient();
  const table = useRef<HTMLTableElement>(null);
  const [fresh, setFresh] = useState<{ key: string; items: TicketDto[] }>({ key, items: [] });
  const waiting = fresh.key === key ? fresh.items : [];
  const patchList = (f: (t: TicketDto) => TicketDto) => qc.setQueryData<Page<TicketDto>>(listKey, (p) => p && { ...p, items: p.items.map(f) });
  useEventStream(consoleApi.ticketStreamUrl, {
    ticket: (data) => {
      const t = data as TicketDto;
      if (qc.getQueryData<Page<TicketDto>>(listKey)?.items.some((x) => x.id === t.id)) {
        patchList((x) => (x.id === t.id ? { ...x, ...t } : x));
      } else if (pages.page === 1 && isNewTicket(t) && ticketMatches(t, filter)) {
        if (topInView(table.current)) qc.setQueryData<Page<TicketDto>>(listKey, (p) => p && { ...p, items: prependNew(p.items, [t]) });
        else setFresh({ key, items: prependNew(waiting, [t]) });
      }
      qc.setQueryData<TicketDto>(['ticket', t.id], (d) => d && { ...d, ...t, thread: d.thread });
    },
    ticket_entry: (data) => {
      const e = data as TicketEntryEventDto;
      patchList((x) => withEntry(x, e));
      qc.setQueryData<TicketDto>(['ticket', e.ticketId], (d) => d && withEntry(d, e));
    },
  });
  const showWaiting = () => {
    qc.setQueryData<Page<TicketDto>>(listKey, (p) => p && { ...p, items: prependNew(p.items, waiting) });
    setFresh({ key, items: [] });
  };
  const teams = useQuery({ queryKey: ['ticket-teams'], queryFn: consoleApi.ticketTeams, staleTime: 30_000 });
  const set = (patch: Record<string, string | undefined>) => navigate(hrefFor(['tickets', ...(selected ? [selected] : [])], { ...query, ...patch }));

  return (
    <section className="console-page" aria-labelledby="tickets-title">
      <h1 id="tickets-title">Tickets</h1>
      <div className="filters">
        <label>Status<select value={status} onChange={(e) => set({ status: e.target.value })}>
          <option value="open">Open</option><option value="pending">Pending</option><option value="closed">Closed</option><option value="any">Any</option></select></label>
        <label>Team<select value={query['team'] ?? ''} onChange={(e) => set({ team: e.target.value })}>
          <option value="">Any team</option>{(teams.data ?? []).map((t) => <option key={t}>{t}</option>)}</select></label>
        <label>Assignee<select value={query['assignee'] ?? ''} onChange={(e) => set({ assignee: e.target.value })}>
          <option value="">Anyone</option><option value="me">Me</option><option value="none">Nobody</option></select></label>
      </div>
      <div className="split">
        <div>
          {list.error && <p role="alert" className="error">Could not load tickets: {list.error.message}</p>}
          {waiting.length > 0 && (
            <button type="button" className="new-items" onClick={showWaiting}>{waiting.length} new ticket{waiting.length === 1 ? '' : 's'} — show</button>
          )}
          <table ref={table} className="data-table" aria-label="Tickets">
            <thead><tr><th>Subject</th><th>Contact</th><th>Team</th><th>Status</th><th>Opened</th></tr></thead>
            <tbody>
              {(list.data?.items ?? []).map((t) => (
                <tr key={t.id} className={t.id === selected ? 'selected' : undefined}>
                  <td><a href={hrefFor(['tickets', t.id], query)}>{t.subject}</a>{t.priority === 'high' && <span className="status bad"> high</span>}</td>
                  <td>{t.contactPhone}</td>
                  <td>{t.team}</td>
                  <td><StatusBadge status={t.status} />{t.assigneeId === user.id && <span className="muted small"> · mine</span>}</td>
                  <td className="small">{when(t.createdAt)}</td>
                </tr>
              ))}
              {list.data?.items.length === 0 && <tr><td colSpan={5} className="muted">No tickets match.</td></tr>}
            </tbody>
          </table>
          <Pager page={pages.page} nextCursor={list.data?.nextCursor} onNewer={pages.newer} onOlder={pages.older} />
        </div>
        {selected ? <TicketDetail key={selected} ticketId={selected} user={user} /> : <p className="muted">Choose a ticket to read its thread and answer.</p>}
      </div>
    </section>
  );
}
