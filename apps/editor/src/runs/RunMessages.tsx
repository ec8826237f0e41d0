import type { MessageDto } from '@moflow/api-contract';

const statusWords: Record<string, string> = {
  received: 'received', handled: 'handled', unhandled: 'not handled', queued: 'queued', sent: 'sent', delivered: 'delivered',
  failed: 'failed', suppressed: 'suppressed',
};

/** Messages in and out of the run, with how they were encoded and what became of them. */
export function RunMessages({ messages }: { messages: MessageDto[] }) {
  if (messages.length === 0) return <p className="muted">No messages.</p>;
  return (
    <ul className="run-messages" aria-label="Messages">
      {messages.map((m) => (
        <li key={m.id} className={`message dir-${m.direction}`}>
          <div className="message-head">
            <strong>{m.direction === 'in' ? `From ${m.from}` : `To ${m.to}`}</strong>
            <span className="muted small">{new Date(m.createdAt).toLocaleString()}</span>
            <span className={`delivery status-${m.status}`}>{statusWords[m.status] ?? m.status}</span>
          </div>
          <p className="message-text">{m.text}</p>
          <p className="muted small">
            {m.encoding ? `${m.encoding}, ` : ''}{m.segments !== null ? `${m.segments} segment${m.segments === 1 ? '' : 's'}` : ''}
            {m.provider ? ` · via ${m.provider}` : ''}{m.providerMessageId ? ` · provider id ${m.providerMessageId}` : ''}
          </p>
        </li>
      ))}
    </ul>
  );
}
