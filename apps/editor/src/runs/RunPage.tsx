import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { UserDto } from '@moflow/api-contract';
import { flowsApi } from '../api/flows-api';
import { FlowCanvas, type CanvasOverlay } from '../canvas/FlowCanvas';
import { hrefFor } from '../use-hash-route';
import { normaliseDefinition } from '../utils/normalise-definition';
import { JsonBlock } from './JsonBlock';
import { RunActionsBar } from './RunActionsBar';
import { RunMessages } from './RunMessages';
import { RunTimeline } from './RunTimeline';
import { can } from '../auth/permissions';
import { edgesTaken, nodeName, pathOf, runMarkWords, statusWords } from './run-words';
import { runsApi } from './runs-api';
import './runs.css';

/** Everything about one run: what happened step by step and why, its messages, its path on the flow as it ran. */
export function RunPage({ id, user }: { id: string; user: UserDto }) {
  // Fresh for a few seconds: the run fetched while the page's code loaded (runs-prefetch.ts) is not asked for twice.
  const run = useQuery({ queryKey: ['run', id], queryFn: () => runsApi.detail(id), staleTime: 5_000 });
  const flowId = run.data?.flowId;
  const version = run.data?.flowVersion;
  const ver = useQuery({
    queryKey: ['flow-version', flowId, version], enabled: Boolean(flowId && version),
    queryFn: () => flowsApi.version(flowId!, version!), staleTime: Infinity,
  });
  const def = useMemo(() => (ver.data?.definition ? normaliseDefinition(ver.data.definition) : null), [ver.data]);
  const overlay = useMemo((): CanvasOverlay => (run.data && def ? {
    path: pathOf(run.data.steps), pathEdgeIds: edgesTaken(def, run.data.steps), activeNodeId: run.data.currentNodeId,
  } : {}), [run.data, def]);

  if (run.error) return <p className="centered error" role="alert">Could not open the run: {run.error.message} <a href="#/runs">Back to runs</a></p>;
  if (!run.data) return <p className="centered" role="status">Opening run…</p>;
  const r = run.data;
  const started = r.steps.find((s) => s.type === 'run_started');
  return (
    <div className="page">
      <main className="run-page">
        <section className="card run-head" aria-label="Run summary">
          <h2>
            <a href={hrefFor(['flows', r.flowId])}>{r.flowName}</a> <span className="muted">version {r.flowVersion}</span>
            {' '}<span className={`run-status status-${r.status}`}>{statusWords[r.status]}</span>
          </h2>
          <p>
            Contact <a href={hrefFor(['runs'], { contact: r.contactPhone })}>{r.contactPhone}</a>
            {' · '}started {new Date(r.startedAt).toLocaleString()}{r.endedAt ? ` · ended ${new Date(r.endedAt).toLocaleString()}` : ''}
            {started ? ` · ${runMarkWords(started)}` : ''}
            {r.status === 'waiting' && r.currentNodeId ? ` · waiting at “${nodeName(def, r.currentNodeId)}”` : ''}
          </p>
          {r.error && <p className="error run-error" role="alert">What went wrong: {r.error}</p>}
          {can(user.role, 'actOnRuns') && <RunActionsBar run={r} />}
        </section>
        <div className="run-columns">
          <section className="card" aria-label="Steps">
            <h3>What happened</h3>
            <RunTimeline steps={r.steps} def={def} />
          </section>
          <div className="run-side">
            <section className="card run-canvas" aria-label="Path on the flow">
              <h3>Path on the flow (version {r.flowVersion})</h3>
              {def ? <FlowCanvas key={`${r.flowId}@${r.flowVersion}`} definition={def} overlay={overlay} />
                : <p className="muted">{ver.error ? `Could not load version ${r.flowVersion}: ${ver.error.message}` : 'Loading the flow…'}</p>}
            </section>
            <section className="card" aria-label="Messages of the run">
              <h3>Messages</h3>
              <RunMessages messages={r.messages} />
            </section>
            <section className="card" aria-label="Variables">
              <h3>Variables</h3>
              {Object.keys(r.vars).length ? <JsonBlock value={r.vars} label="Run variables" /> : <p className="muted">None set.</p>}
            </section>
            {r.actions.length > 0 && (
              <section className="card" aria-label="Operator actions">
                <h3>Operator actions</h3>
                <ul>{r.actions.map((a) => <li key={a.id}>{new Date(a.at).toLocaleString()}: {a.action} by {a.actor.name}</li>)}</ul>
              </section>
            )}
          </div>
        </div>
      </main>
    </div>
  );
}
