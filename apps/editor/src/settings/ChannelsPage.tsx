import { useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { consoleApi } from '../api/console-api';
import { hrefFor } from '../use-hash-route';
import { ChannelEditor } from './ChannelEditor';

/** Settings → Channels: the numbers and their providers; #/settings/channels/new and /:id open the form. */
export function ChannelsPage({ rest }: { rest: string[] }) {
  if (rest[0]) return <ChannelEditor key={rest[0]} channelId={rest[0] === 'new' ? null : rest[0]} />;
  return <ChannelList />;
}

function ChannelList() {
  const channels = useQuery({ queryKey: ['channels'], queryFn: consoleApi.channels });
  return (
    <section className="console-page" aria-labelledby="channels-title">
      <div className="row"><h1 id="channels-title">Channels</h1><span className="spacer" />
        <a className="button-link icon-button" href={hrefFor(['settings', 'channels', 'new'])}><Plus size={14} aria-hidden="true" />Add channel</a></div>
      {channels.error && <p role="alert" className="error">{channels.error.message}</p>}
      <table className="data-table" aria-label="Channels">
        <thead><tr><th>Name</th><th>Number</th><th>Provider</th><th>Webhook</th></tr></thead>
        <tbody>
          {(channels.data ?? []).map((c) => (
            <tr key={c.id}>
              <td><a href={hrefFor(['settings', 'channels', c.id])}>{c.name}</a></td>
              <td className="mono">{c.address}</td><td>{c.provider}</td><td className="mono small">{c.webhookUrl}</td>
            </tr>
          ))}
          {channels.data?.length === 0 && <tr><td colSpan={4} className="muted">No channels yet: add the number you text from.</td></tr>}
        </tbody>
      </table>
    </section>
  );
}
