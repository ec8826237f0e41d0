import { useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MessageDto, MessageStatusEventDto, Page, UserDto } from '@moflow/api-contract';
import { consoleApi } from '../api/console-api';
import { useEventStream } from '../api/use-event-stream';
import { flowsApi } from '../api/flows-api';
import { can } from '../auth/permissions';
import { hrefFor, navigate } from '../use-hash-route';
import { ruleLabels } from './format';
import { MessagesTable } from './MessagesTable';
import { Pager } from './Pager';
import { useChannels } from './use-channels';
import { useCursorPages } from './use-cursor-pages';
import { messageMatches, prependNew, topInView, withStatus } from './live-updates';

/**
 * The messages log, and (tab "unhandled") the MOs that matched nothing, each with "start a flow".
 * Live (SSE): new messages go straight in when the top of the first page is on screen, otherwise
 * they wait behind a "new messages" bar; status changes are applied to the rows in place.
 */
export function MessagesPage({ user, query }: { user: UserDto; query: Record<string, string> }) {
  const unhandled = query['tab'] === 'unhandled';
  const filter = { direction: query['direction'], status: query['status'], channelId: query['channelId'], rule: query['rule'], contactId: query['contactId'] };
  const key = JSON.stringify({ unhandled, filter });
  const pages = useCursorPages(key);
  const channels = useChannels();
  const listKey = ['messages', key, pages.cursor];
  const list = useQuery({
    queryKey: listKey,
    queryFn: () => consoleApi.messages(unhandled ? { unhandled: true, cursor: pages.cursor } : { ...filter, cursor: pages.cursor }),
  });
  const qc = useQueryClient();
  const table = useRef<HTMLDivElement>(null);
  const [fresh, setFresh] = useState<{ key: string; items: MessageDto[] }>({ key, items: [] });
  const waiting = fresh.key === key ? fresh.items : [];
  useEventStream(consoleApi.messageStreamUrl(), {
    message: (data) => {
      const m = data as MessageDto;
      if (pages.page !== 1 || !messageMatches(m, unhandled ? { unhandled } : filter)) return;
      if (topInView(table.current)) qc.setQueryData<Page<MessageDto>>(listKey, (p) => p && { ...p, items: prependNew(p.items, [m]) });
      else setFresh({ key, items: prependNew(waiting, [m]) });
    },
    message_status: (data) => {
      const st = data as MessageStatusEventDto;
      qc.setQueryData<Page<MessageDto>>(listKey, (p) => p && { ...p, items: p.items.map((m) => withStatus(m, st)) });
      if (waiting.some((m) => m.id === st.id)) setFresh({ key, items: waiting.map((m) => withStatus(m, st)) });
    },
  });
  const showWaiting = () => {
    qc.setQueryData<Page<MessageDto>>(listKey, (p) => p && { ...p, items: prependNew(p.items, waiting) });
    setFresh({ key, items: [] });
  };
  const set = (patch: Record<string, string | undefined>) => navigate(hrefFor(['messages'], { ...query, ...patch }));
  const mayStart = can(user.role, 'handleTickets');

  return (
    <section className="console-page" aria-labelledby="messages-title">
      <h1 id="messages-title">Messages</h1>
      <div className="tabs" role="tablist">
        <a role="tab" aria-selected={!unhandled} href={hrefFor(['messages'])}>All messages</a>
        <a role="tab" aria-selected={unhandled} href={hrefFor(['messages'], { tab: 'unhandled' })}>Unhandled inbox</a>
      </div>
      {!unhandled && (
        <div className="filters">
          <label>Direction<select value={filter.direction ?? ''} onChange={(e) => set({ direction: e.target.value })}>
            <option value="">Both</option><option value="in">Inbound (MO)</option><option value="out">Outbound (MT)</option></select></label>
          <label>Status<select value={filter.status ?? ''} onChange={(e) => set({ status: e.target.value })}>
            <option value="">Any</option>
            {['received', 'handled', 'unhandled', 'queued', 'deferred', 'sent', 'delivered', 'failed', 'suppressed'].map((s) => <option key={s}>{s}</option>)}
          </select></label>
          <label>Channel<select value={filter.channelId ?? ''} onChange={(e) => set({ channelId: e.target.value })}>
            <option value="">Any</option>{channels.list.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</select></label>
          <label>Handled by<select value={filter.rule ?? ''} onChange={(e) => set({ rule: e.target.value })}>
            <option value="">Any rule</option>{Object.entries(ruleLabels).map(([k, v]) => <option key={k} value={k}>{v}</option>)}</select></label>
          {filter.contactId && <button type="button" onClick={() => set({ contactId: undefined })}>Clear contact filter</button>}
        </div>
      )}
      {unhandled && <p className="muted">Messages that no keyword, waiting run or catch-all flow took. Start a flow for the sender to answer them.</p>}
      {list.error && <p role="alert" className="error">Could not load messages: {list.error.message}</p>}
      {waiting.length > 0 && (
        <button type="button" className="new-items" onClick={showWaiting}>{waiting.length} new message{waiting.length === 1 ? '' : 's'} — show</button>
      )}
      <div ref={table}>
        {list.data && <MessagesTable items={list.data.items} action={unhandled && mayStart ? (m) => <StartFlow message={m} /> : undefined} />}
      </div>
      <Pager page={pages.page} nextCursor={list.data?.nextCursor} onNewer={pages.newer} onOlder={pages.older} />
    </section>
  );
}

function StartFlow({ message }: { message: MessageDto }) {
  const qc = useQueryClient();
  const [flowId, setFlowId] = useState('');
  const flows = useQuery({ queryKey: ['flows', 'with-archived'], queryFn: flowsApi.listWithArchived });
  const live = (flows.data ?? []).filter((f) => f.publishedVersion !== null);
  const start = useMutation({
    mutationFn: () => consoleApi.startFlowForMessage(message.id, flowId),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['messages'] }),
  });
  if (start.data) return <span className="ok small">Started · <a href={hrefFor(['runs', start.data.runId])}>open run</a></span>;
  return (
    <div className="row">
      <select aria-label={`Flow to start for ${message.from}`} value={flowId} onChange={(e) => setFlowId(e.target.value)}>
        <option value="">Choose a live flow…</option>{live.map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
      </select>
      <button type="button" className="primary" disabled={!flowId || start.isPending} onClick={() => start.mutate()}>Start flow for this contact</button>
      {start.error && <span role="alert" className="error small">{start.error.message}</span>}
    </div>
  );
}
