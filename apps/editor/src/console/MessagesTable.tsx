import type { MessageDto } from '@moflow/api-contract';
import { ArrowDownLeft, ArrowUpRight } from 'lucide-react';
import type { ReactNode } from 'react';
import { hrefFor } from '../use-hash-route';
import { ruleLabel, when } from './format';
import { StatusBadge } from './StatusBadge';
import { useChannels } from './use-channels';

/** Every MO and MT: time, direction, contact, channel, text, status (with the sender's reason), rule and run. */
export function MessagesTable({ items, action }: { items: MessageDto[]; action?: (m: MessageDto) => ReactNode }) {
  const channels = useChannels();
  return (
    <table className="data-table" aria-label="Messages">
      <thead><tr><th>Time</th><th>Way</th><th>Contact</th><th>Channel</th><th>Text</th><th>Status</th><th>Handled by</th><th>Run</th>{action && <th />}</tr></thead>
      <tbody>
        {items.map((m) => {
          const phone = m.direction === 'in' ? m.from : m.to;
          return (
            <tr key={m.id} data-message-id={m.id}>
              <td className="small">{when(m.createdAt)}</td>
              <td>{m.direction === 'in'
                ? <span title="Inbound (MO)"><ArrowDownLeft size={16} aria-label="in" /></span>
                : <span title="Outbound (MT)"><ArrowUpRight size={16} aria-label="out" /></span>}</td>
              <td>{m.contactId ? <a href={hrefFor(['contacts', m.contactId])}>{phone}</a> : phone}</td>
              <td className="small">{channels.name(m.channelId)}</td>
              <td>{m.text}{m.segments && m.segments > 1 ? <span className="muted small"> · {m.segments} SMS</span> : null}</td>
              <td><StatusBadge status={m.status} title={m.detail} />{m.detail && m.status !== 'delivered' && <div className="muted small">{m.detail}</div>}
                {m.providerMessageId && <div className="muted small mono" title="Provider message id">{m.providerMessageId}</div>}</td>
              <td className="small">{ruleLabel(m.rule)}</td>
              <td className="small">{m.runId ? <a href={hrefFor(['runs', m.runId])}>Open run</a> : ''}</td>
              {action && <td>{action(m)}</td>}
            </tr>
          );
        })}
        {items.length === 0 && <tr><td colSpan={action ? 9 : 8} className="muted">No messages.</td></tr>}
      </tbody>
    </table>
  );
}
