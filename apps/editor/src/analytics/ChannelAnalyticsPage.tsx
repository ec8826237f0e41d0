import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { consoleApi } from '../api/console-api';
import { analyticsApi } from './analytics-api';
import { bucketLabel, percent } from './analytics-overlay';
import { presetRange, RangePicker } from './RangePicker';
import '../runs/runs.css';

/** One channel over a time range: traffic per hour, how many MTs arrived, why the others failed, opt-outs. */
export function ChannelAnalyticsPage({ channelId }: { channelId: string }) {
  const [range, setRange] = useState(() => presetRange('7d'));
  const channel = useQuery({ queryKey: ['channel', channelId], queryFn: () => consoleApi.channel(channelId) });
  const stats = useQuery({ queryKey: ['channel-analytics', channelId, range.from, range.to], queryFn: () => analyticsApi.channel(channelId, range) });
  const s = stats.data;
  const hours = s?.perHour.map((h) => ({ label: bucketLabel(h.start, 'hour'), MO: h.mo, MT: h.mt })) ?? [];
  const mo = s?.perHour.reduce((a, h) => a + h.mo, 0) ?? 0;
  return (
    <div className="console-page">
      <h1>{channel.data ? `Analytics: ${channel.data.name} (${channel.data.address})` : 'Channel analytics'}</h1>
      <RangePicker value={range} onChange={setRange} maxDays={31} />
      {(stats.error ?? channel.error) && <p role="alert" className="error">Could not load the figures: {(stats.error ?? channel.error)?.message}</p>}
      {s && (
        <>
          <div className="stat-tiles" aria-label="Totals">
            <div className="stat-tile"><strong data-testid="mo-total">{mo.toLocaleString('en')}</strong>messages in (MO)</div>
            <div className="stat-tile"><strong data-testid="mt-total">{s.mt.total.toLocaleString('en')}</strong>messages out (MT)</div>
            <div className="stat-tile" title="delivered ÷ (delivered + failed + undelivered)"><strong data-testid="delivery-rate">{percent(s.mt.deliveryRate)}</strong>delivered</div>
            <div className="stat-tile" title="opt-outs ÷ contacts who wrote in"><strong data-testid="opt-out-rate">{percent(s.optOutRate)}</strong>
              opted out ({s.optOuts.toLocaleString('en')} of {s.contactsWriting.toLocaleString('en')} who wrote)</div>
          </div>
          <div className="analytics-grid">
            <section className="card" aria-label="Messages per hour">
              <h3>Messages per hour</h3>
              <div role="figure" aria-label="MO and MT per hour" className="chart">
                <ResponsiveContainer width="100%" height={260}>
                  <LineChart data={hours} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                    <CartesianGrid strokeDasharray="3 3" vertical={false} />
                    <XAxis dataKey="label" fontSize={11} minTickGap={24} />
                    <YAxis allowDecimals={false} fontSize={11} width={40} />
                    <Tooltip />
                    <Legend />
                    <Line type="monotone" dataKey="MO" stroke="#4c6ef5" dot={false} isAnimationActive={false} />
                    <Line type="monotone" dataKey="MT" stroke="#7b3fe4" dot={false} isAnimationActive={false} />
                  </LineChart>
                </ResponsiveContainer>
              </div>
            </section>
            <section className="card" aria-label="Failures by error code">
              <h3>Failures by error code</h3>
              {s.failuresByCode.length === 0 ? <p className="muted">No failed message in this range.</p> : (
                <div role="figure" aria-label="Failures by error code chart" className="chart">
                  <ResponsiveContainer width="100%" height={Math.max(120, 32 * s.failuresByCode.length + 40)}>
                    <BarChart layout="vertical" data={s.failuresByCode.slice(0, 12)} margin={{ left: 8, right: 24 }}>
                      <XAxis type="number" allowDecimals={false} fontSize={11} />
                      <YAxis type="category" dataKey="code" width={140} fontSize={12} />
                      <Tooltip />
                      <Bar dataKey="count" name="failed MTs" fill="#d64545" isAnimationActive={false} />
                    </BarChart>
                  </ResponsiveContainer>
                </div>
              )}
              <table className="data-table" aria-label="MT status">
                <thead><tr><th>Status now</th><th>MTs</th></tr></thead>
                <tbody>{Object.entries(s.mt.byStatus).map(([k, v]) => <tr key={k}><td>{k}</td><td>{v.toLocaleString('en')}</td></tr>)}</tbody>
              </table>
            </section>
          </div>
        </>
      )}
    </div>
  );
}
