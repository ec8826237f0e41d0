import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { flowsApi } from '../api/flows-api';
import { FlowCanvas, type CanvasOverlay } from '../canvas/FlowCanvas';
import { hrefFor } from '../use-hash-route';
import { normaliseDefinition } from '../utils/normalise-definition';
import { analyticsApi } from './analytics-api';
import { analyticsOverlay } from './analytics-overlay';
import { FunnelCard } from './FunnelCard';
import { presetRange, RangePicker } from './RangePicker';
import { RunsOverTimeChart } from './RunsOverTimeChart';
import '../runs/runs.css';

/**
 * One flow over a time range: how many runs reached each step and where they stopped, painted on a
 * read-only canvas of the published version; runs over time by status; a funnel between two steps.
 */
export function FlowAnalyticsPage({ flowId }: { flowId: string }) {
  const [range, setRange] = useState(() => presetRange('7d'));
  const flow = useQuery({ queryKey: ['analytics-flow', flowId], queryFn: () => flowsApi.get(flowId) });
  const published = flow.data?.publishedVersion ?? null;
  const version = useQuery({
    queryKey: ['flow-version', flowId, published], enabled: published !== null, staleTime: Infinity,
    queryFn: () => flowsApi.version(flowId, published!),
  });
  const def = useMemo(() => {
    const source = published !== null ? version.data?.definition : flow.data?.definition;
    return source ? normaliseDefinition(source) : null;
  }, [published, version.data, flow.data]);
  const stats = useQuery({ queryKey: ['flow-analytics', flowId, range.from, range.to], queryFn: () => analyticsApi.flow(flowId, range) });
  const overlay = useMemo((): CanvasOverlay => (def && stats.data ? analyticsOverlay(def, stats.data.nodes) : {}), [def, stats.data]);

  if (flow.error) return <p role="alert" className="error">Could not open the flow: {flow.error.message} <a href="#/analytics">Back</a></p>;
  const s = stats.data;
  return (
    <div className="console-page">
      <h1>{flow.data ? `Analytics: ${flow.data.name}` : 'Analytics'}</h1>
      <RangePicker value={range} onChange={setRange} maxDays={366} />
      {stats.error && <p role="alert" className="error">Could not load the figures: {stats.error.message}</p>}
      {s && (
        <div className="stat-tiles" aria-label="Totals">
          <div className="stat-tile"><strong data-testid="runs-total">{s.runs.toLocaleString('en')}</strong>runs started</div>
          <div className="stat-tile"><strong>{s.overTime.reduce((a, b) => a + b.counts.completed, 0).toLocaleString('en')}</strong>completed</div>
          <div className="stat-tile"><strong>{s.overTime.reduce((a, b) => a + b.counts.failed, 0).toLocaleString('en')}</strong>failed</div>
          <div className="stat-tile"><a href={hrefFor(['runs'], { flowId, from: range.from, to: range.to })}>See these runs</a></div>
        </div>
      )}
      <section className="card analytics-canvas" aria-label="Steps on the flow">
        <h3>Visits and drop-off per step{published !== null ? ` (version ${published})` : ' (draft: never published)'}</h3>
        {def ? <FlowCanvas key={`${flowId}@${published ?? 'draft'}`} definition={def} overlay={overlay} /> : <p className="muted">Loading the flow…</p>}
      </section>
      <div className="analytics-grid">
        <section className="card" aria-label="Runs over time">
          <h3>Runs over time, by status{s ? ` (per ${s.bucket})` : ''}</h3>
          {s ? <RunsOverTimeChart data={s} /> : <p className="muted">Loading…</p>}
        </section>
        {def && <FunnelCard flowId={flowId} def={def} range={range} />}
      </div>
    </div>
  );
}
