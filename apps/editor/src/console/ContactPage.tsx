import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { MessageDto, MessageStatusEventDto, Page, UserDto } from '@moflow/api-contract';
import { consoleApi } from '../api/console-api';
import { useEventStream } from '../api/use-event-stream';
import { can } from '../auth/permissions';
import { hrefFor } from '../use-hash-route';
import { when } from './format';
import { ContactActions } from './ContactActions';
import { ContactChannels } from './ContactChannels';
import { prependNew, withStatus } from './live-updates';
import { MessagesTable } from './MessagesTable';
import { StatusBadge } from './StatusBadge';
import { useChannels } from './use-channels';

/** Everything about one contact: fields, lists, opt-out per channel, consent events, conversation, runs. */
export function ContactPage({ contactId, user }: { contactId: string; user: UserDto }) {
  const channels = useChannels();
  const contact = useQuery({ queryKey: ['contact', contactId], queryFn: () => consoleApi.contact(contactId) });
  const consent = useQuery({ queryKey: ['consent', { contactId }], queryFn: () => consoleApi.consent({ contactId, limit: 50 }) });
  const messagesKey = ['messages', 'contact', contactId];
  const messages = useQuery({ queryKey: messagesKey, queryFn: () => consoleApi.messages({ contactId, limit: 50 }) });
  const qc = useQueryClient();
  // The conversation is live: new messages of this contact on top, MT statuses as they change.
  useEventStream(consoleApi.messageStreamUrl(contactId), {
    message: (data) => qc.setQueryData<Page<MessageDto>>(messagesKey, (p) => p && { ...p, items: prependNew(p.items, [data as MessageDto]) }),
    message_status: (data) => qc.setQueryData<Page<MessageDto>>(messagesKey, (p) => p && { ...p, items: p.items.map((m) => withStatus(m, data as MessageStatusEventDto)) }),
  });
  const runs = useQuery({ queryKey: ['contact-runs', contactId], queryFn: () => consoleApi.contactRuns(contactId), enabled: can(user.role, 'readRuns') });

  if (contact.error) return <p role="alert" className="error">Could not open the contact: {contact.error.message} <a href="#/contacts">Back to contacts</a></p>;
  if (!contact.data) return <p role="status">Opening contact…</p>;
  const c = contact.data;
  const fields = Object.entries(c.fields);
  return (
    <section className="console-page" aria-labelledby="contact-title">
      <p className="small"><a href="#/contacts">← Contacts</a></p>
      <h1 id="contact-title">{c.name ? `${c.name} · ${c.phone}` : c.phone}</h1>
      <div className="split">
        <div className="card">
          <h2>Details</h2>
          <dl className="kv">
            <dt>Number</dt><dd className="mono">{c.phone}</dd>
            <dt>Name</dt><dd>{c.name ?? <span className="muted">no name</span>}</dd>
            <dt>Time zone</dt><dd>{c.timezone ?? <span className="muted">unknown</span>}</dd>
            <dt>First seen</dt><dd>{when(c.createdAt)}</dd>
            <dt>Lists</dt><dd>{c.subscriptions.length ? c.subscriptions.map((s) => <span key={s} className="chip">{s}</span>) : <span className="muted">none</span>}</dd>
            {fields.map(([k, v]) => <FieldRow key={k} name={k} value={v} />)}
          </dl>
          <ContactActions contact={c} user={user} />
        </div>
        <ContactChannels contact={c} channels={channels.list} />
      </div>
      <h2>Conversation</h2>
      {messages.data ? <MessagesTable items={messages.data.items} /> : <p role="status">Loading messages…</p>}
      {messages.data?.nextCursor && <a href={hrefFor(['messages'], { contactId })}>All messages of this contact</a>}
      {runs.data && (
        <>
          <h2>Runs</h2>
          <table className="data-table" aria-label="Runs">
            <thead><tr><th>Started</th><th>Flow</th><th>Status</th><th>Error</th></tr></thead>
            <tbody>
              {runs.data.items.map((r) => (
                <tr key={r.id}><td className="small"><a href={hrefFor(['runs', r.id])}>{when(r.startedAt)}</a></td><td>{r.flowName} v{r.flowVersion}</td>
                  <td><StatusBadge status={r.status} /></td><td className="small">{r.error}</td></tr>
              ))}
              {runs.data.items.length === 0 && <tr><td colSpan={4} className="muted">No runs.</td></tr>}
            </tbody>
          </table>
        </>
      )}
      <h2>Consent events</h2>
      <table className="data-table" aria-label="Consent events">
        <thead><tr><th>When</th><th>Channel</th><th>Change</th><th>How</th></tr></thead>
        <tbody>
          {(consent.data?.items ?? []).map((e) => (
            <tr key={e.id}><td className="small">{when(e.at)}</td><td>{channels.name(e.channelId)}</td>
              <td>{e.action === 'opt_out' ? 'Opted out' : 'Opted in'}</td>
              <td className="small">{e.source === 'keyword' ? `texted ${e.keyword ?? 'a keyword'}` : e.source === 'api' ? 'by an operator' : 'by a flow'}</td></tr>
          ))}
          {consent.data?.items.length === 0 && <tr><td colSpan={4} className="muted">No opt-out or opt-in yet.</td></tr>}
        </tbody>
      </table>
    </section>
  );
}

function FieldRow({ name, value }: { name: string; value: unknown }) {
  return <><dt>{name}</dt><dd>{typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : <code>{JSON.stringify(value)}</code>}</dd></>;
}
