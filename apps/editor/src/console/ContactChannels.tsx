import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ContactDetailDto } from '@moflow/api-contract';
import { consoleApi, type ChannelDto } from '../api/console-api';
import { when } from './format';

/** Opt-out state per channel, with the operator's opt-out / opt-in (logged in the consent log with who did it). */
export function ContactChannels({ contact, channels }: { contact: ContactDetailDto; channels: ChannelDto[] }) {
  const qc = useQueryClient();
  const states = new Map(contact.channels.map((s) => [s.channelId, s]));
  const change = useMutation({
    mutationFn: (v: { channelId: string; optedOut: boolean }) => consoleApi.setOptOut(contact.id, v.channelId, v.optedOut),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ['contact', contact.id] }), qc.invalidateQueries({ queryKey: ['consent'] })]),
  });
  return (
    <div className="card">
      <h2>Channels</h2>
      <table className="data-table" aria-label="Opt-out per channel">
        <thead><tr><th>Channel</th><th>State</th><th /></tr></thead>
        <tbody>
          {channels.map((ch) => {
            const s = states.get(ch.id);
            const out = s?.optedOut ?? false;
            return (
              <tr key={ch.id} data-channel={ch.name}>
                <td>{ch.name}<div className="muted small">{ch.address}</div></td>
                <td>{out ? <span className="status bad">Opted out</span> : <span className="status good">Can receive</span>}
                  {s?.optChangedAt && <div className="muted small">since {when(s.optChangedAt)}</div>}</td>
                <td>{out
                  ? <button type="button" disabled={change.isPending} onClick={() => change.mutate({ channelId: ch.id, optedOut: false })}>Opt back in</button>
                  : <button type="button" className="danger" disabled={change.isPending} onClick={() => change.mutate({ channelId: ch.id, optedOut: true })}>Opt out</button>}</td>
              </tr>
            );
          })}
          {channels.length === 0 && <tr><td colSpan={3} className="muted">No channels.</td></tr>}
        </tbody>
      </table>
      {change.error && <p role="alert" className="error">{change.error.message}</p>}
    </div>
  );
}
