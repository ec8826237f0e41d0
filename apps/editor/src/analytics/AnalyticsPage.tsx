import { useQuery } from '@tanstack/react-query';
import type { UserDto } from '@moflow/api-contract';
import { consoleApi } from '../api/console-api';
import { flowsApi } from '../api/flows-api';
import { can } from '../auth/permissions';
import { hrefFor } from '../use-hash-route';
import { ChannelAnalyticsPage } from './ChannelAnalyticsPage';
import { FlowAnalyticsPage } from './FlowAnalyticsPage';

/** #/analytics: pick a flow or a channel; #/analytics/flows/:id and #/analytics/channels/:id show it. */
export function AnalyticsPage({ user, rest }: { user: UserDto; rest: string[] }) {
  const mayChannels = can(user.role, 'readChannelAnalytics');
  if (rest[0] === 'flows' && rest[1]) return <FlowAnalyticsPage key={rest[1]} flowId={rest[1]} />;
  if (rest[0] === 'channels' && rest[1] && mayChannels) return <ChannelAnalyticsPage key={rest[1]} channelId={rest[1]} />;
  return <AnalyticsIndex mayChannels={mayChannels} />;
}

function AnalyticsIndex({ mayChannels }: { mayChannels: boolean }) {
  const flows = useQuery({ queryKey: ['flows'], queryFn: flowsApi.list });
  const channels = useQuery({ queryKey: ['channels'], queryFn: consoleApi.channels, enabled: mayChannels });
  return (
    <div className="console-page">
      <h1>Analytics</h1>
      <section className="card" aria-label="Flows">
        <h2>Flows</h2>
        {flows.error && <p role="alert" className="error">{flows.error.message}</p>}
        <ul>
          {(flows.data ?? []).filter((f) => f.status !== 'archived').map((f) => (
            <li key={f.id}><a href={hrefFor(['analytics', 'flows', f.id])}>{f.name}</a> <span className="muted">{f.runsLast24h} runs in 24 h</span></li>
          ))}
        </ul>
      </section>
      {mayChannels && (
        <section className="card" aria-label="Channels">
          <h2>Channels</h2>
          {channels.error && <p role="alert" className="error">{channels.error.message}</p>}
          <ul>{(channels.data ?? []).map((c) => <li key={c.id}><a href={hrefFor(['analytics', 'channels', c.id])}>{c.name}</a> <span className="muted">{c.address}</span></li>)}</ul>
        </section>
      )}
    </div>
  );
}
