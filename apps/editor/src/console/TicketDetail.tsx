import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MessageStatusEventDto, UserDto } from '@moflow/api-contract';
import { Send } from 'lucide-react';
import { consoleApi } from '../api/console-api';
import { useEventStream } from '../api/use-event-stream';
import { hrefFor } from '../use-hash-route';
import { when } from './format';
import { rememberStatus } from './live-updates';
import { StatusBadge } from './StatusBadge';
import { useChannels } from './use-channels';

/** One ticket: its thread with the delivery status of every reply (kept live by the inbox's streams), reply, assign, close/reopen. */
export function TicketDetail({ ticketId, user }: { ticketId: string; user: UserDto }) {
  const qc = useQueryClient();
  const channels = useChannels();
  const ticket = useQuery({ queryKey: ['ticket', ticketId], queryFn: () => consoleApi.ticket(ticketId) });
  const assignees = useQuery({ queryKey: ['ticket-assignees'], queryFn: consoleApi.ticketAssignees, staleTime: 60_000 });
  const [text, setText] = useState('');
  // Each reply's delivery status as it changes (queued → sent → delivered, or suppressed…).
  const [statuses, setStatuses] = useState<Record<string, string>>({});
  useEventStream(consoleApi.messageStreamUrl(), { message_status: (data) => setStatuses((seen) => rememberStatus(seen, data as MessageStatusEventDto)) });
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: ['ticket', ticketId] }), qc.invalidateQueries({ queryKey: ['tickets'] })]);
  const reply = useMutation({ mutationFn: () => consoleApi.replyToTicket(ticketId, text.trim()), onSuccess: async () => { setText(''); await refresh(); } });
  const update = useMutation({ mutationFn: (patch: { status?: string; assigneeId?: string | null }) => consoleApi.updateTicket(ticketId, patch), onSuccess: refresh });

  if (ticket.error) return <p role="alert" className="error">Could not open the ticket: {ticket.error.message}</p>;
  if (!ticket.data) return <p role="status">Opening ticket…</p>;
  const t = ticket.data;
  const names = new Map((assignees.data ?? []).map((a) => [a.id, a.name ?? a.email]));
  const closed = t.status === 'closed';
  const statusOf = (e: { messageId: string | null; messageStatus: string | null }) => (e.messageId ? statuses[e.messageId] : undefined) ?? e.messageStatus;
  return (
    <article className="card" aria-label={`Ticket ${t.subject}`}>
      <header>
        <h2>{t.subject}</h2>
        <dl className="kv">
          <dt>Contact</dt><dd><a href={hrefFor(['contacts', t.contactId])}>{t.contactPhone ?? 'erased contact'}</a></dd>
          <dt>Channel</dt><dd>{channels.name(t.channelId) || 'none'}</dd>
          <dt>Team · priority</dt><dd>{t.team} · {t.priority}</dd>
          <dt>Status</dt><dd><StatusBadge status={t.status} /></dd>
          {t.runId && <><dt>Opened by</dt><dd><a href={hrefFor(['runs', t.runId])}>the run that opened it</a></dd></>}
        </dl>
      </header>
      <p>{t.body}</p>
      <div className="row">
        <label className="filters">Assigned to
          <select value={t.assigneeId ?? ''} disabled={update.isPending} onChange={(e) => update.mutate({ assigneeId: e.target.value || null })}>
            <option value="">Nobody</option>
            {(assignees.data ?? []).map((a) => <option key={a.id} value={a.id}>{a.id === user.id ? `Me (${a.name ?? a.email})` : (a.name ?? a.email)}</option>)}
          </select>
        </label>
        {t.assigneeId !== user.id && <button type="button" onClick={() => update.mutate({ assigneeId: user.id })}>Assign to me</button>}
        <span className="spacer" />
        {closed
          ? <button type="button" onClick={() => update.mutate({ status: 'open' })}>Reopen</button>
          : <button type="button" onClick={() => update.mutate({ status: 'closed' })}>Close ticket</button>}
      </div>
      {update.error && <p role="alert" className="error">{update.error.message}</p>}
      <div className="thread" aria-label="Thread">
        {(t.thread ?? []).map((e) => (
          <div key={e.id} className={`bubble ${e.direction}`} data-direction={e.direction}>
            {e.text}
            <div className="meta">
              <span>{e.direction === 'out' ? (e.authorId ? (names.get(e.authorId) ?? 'ops') : 'flow') : t.contactPhone}</span>
              <span>{when(e.at)}</span>
              {e.direction === 'out' && statusOf(e) && <StatusBadge status={statusOf(e)!} />}
            </div>
          </div>
        ))}
        {(t.thread ?? []).length === 0 && <p className="muted small">No messages in the thread yet.</p>}
      </div>
      {!closed && (
        <form className="reply" onSubmit={(ev) => { ev.preventDefault(); if (text.trim()) reply.mutate(); }}>
          <label className="field"><span className="field-label">Reply by SMS</span>
            <textarea aria-label="Reply" rows={3} maxLength={1600} value={text} onChange={(e) => setText(e.target.value)} placeholder="Type your answer…" /></label>
          <div className="row">
            <span className="muted small">Goes through the opt-out, quiet-hours and rate checks like every message.</span>
            <span className="spacer" />
            <button type="submit" className="primary icon-button" disabled={!text.trim() || reply.isPending}><Send size={14} aria-hidden="true" />Send reply</button>
          </div>
          {reply.error && <p role="alert" className="error">{reply.error.message}</p>}
        </form>
      )}
    </article>
  );
}
