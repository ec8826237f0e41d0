import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UserDto } from '@moflow/api-contract';
import { hrefFor } from '../use-hash-route';
import { ageOf } from './run-words';
import { runsApi } from './runs-api';
import { useStepNames } from './use-step-names';
import { can } from '../auth/permissions';
import './runs.css';

/** Who waits where and since when: totals per flow and node, then the sessions, longest waiting first. */
export function WaitingPage({ user }: { user: UserDto }) {
  const [filter, setFilter] = useState<{ flowId?: string; nodeId?: string; olderThanMinutes?: string }>({});
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const qc = useQueryClient();
  const summary = useQuery({ queryKey: ['waiting-summary'], queryFn: runsApi.waitingSummary });
  const list = useQuery({ queryKey: ['waiting', filter], queryFn: () => runsApi.waiting(filter as Record<string, string>, null) });
  const cancel = useMutation({
    mutationFn: (ids: string[]) => runsApi.cancelMany(ids),
    onSuccess: () => { setPicked(new Set()); void qc.invalidateQueries({ queryKey: ['waiting'] }); void qc.invalidateQueries({ queryKey: ['waiting-summary'] }); },
  });
  const toggle = (id: string) => setPicked((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const items = list.data?.items ?? [];
  const stepName = useStepNames([...(summary.data?.byNode ?? []), ...items]);
  const act = can(user.role, 'actOnRuns');
  return (
    <div className="page">
      <main className="runs-page">
        <h1>Waiting sessions</h1>
        <section className="card" aria-label="Waiting by step">
          <h2>{summary.data ? `${summary.data.total} contact${summary.data.total === 1 ? '' : 's'} waiting` : 'Waiting'}</h2>
          <table className="flow-table">
            <thead><tr><th>Flow</th><th>Step</th><th>Waiting</th><th>Longest wait</th></tr></thead>
            <tbody>
              {(summary.data?.byNode ?? []).map((n) => (
                <tr key={`${n.flowId}:${n.nodeId}`}>
                  <td>{n.flowName}</td>
                  <td><button type="button" className="link" onClick={() => setFilter({ flowId: n.flowId, nodeId: n.nodeId })}>{stepName(n.flowId, n.flowVersion, n.nodeId)}</button></td>
                  <td>{n.count}</td>
                  <td>{ageOf(n.oldestSince)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <div className="toolbar">
          <label>Waiting at least <input type="number" min={0} aria-label="Minimum wait in minutes" value={filter.olderThanMinutes ?? ''}
            onChange={(e) => setFilter({ ...filter, olderThanMinutes: e.target.value })} /> min</label>
          {(filter.flowId || filter.nodeId) && <button type="button" onClick={() => setFilter({})}>Show all steps</button>}
          <span className="spacer" />
          {act && (
            <button type="button" disabled={picked.size === 0 || cancel.isPending}
              onClick={() => { if (window.confirm(`Cancel ${picked.size} waiting run(s)?`)) cancel.mutate([...picked]); }}>
              Cancel {picked.size || ''} selected
            </button>
          )}
        </div>
        {cancel.data && <p role="status">Cancelled {cancel.data.cancelled.length}{cancel.data.skipped.length ? `; left ${cancel.data.skipped.length}: ${cancel.data.skipped.map((s) => s.reason).join(' ')}` : ''}.</p>}
        {cancel.error && <p role="alert" className="error">{cancel.error.message}</p>}
        <table className="flow-table">
          <thead><tr>{act && <th><span className="sr-only">Select</span></th>}<th>Contact</th><th>Flow</th><th>Step</th><th>Since</th><th>Gives up</th></tr></thead>
          <tbody>
            {items.map((w) => (
              <tr key={w.runId}>
                {act && <td><input type="checkbox" aria-label={`Select ${w.contactPhone}`} checked={picked.has(w.runId)} onChange={() => toggle(w.runId)} /></td>}
                <td><a href={hrefFor(['runs', w.runId])}>{w.contactPhone}</a></td>
                <td>{w.flowName} <span className="muted">v{w.flowVersion}</span></td>
                <td>{stepName(w.flowId, w.flowVersion, w.nodeId)}</td>
                <td title={new Date(w.since).toLocaleString()}>{ageOf(w.since)} ago</td>
                <td>{new Date(w.deadline).toLocaleString()}</td>
              </tr>
            ))}
            {list.data && items.length === 0 && <tr><td colSpan={6} className="muted">Nobody is waiting here.</td></tr>}
          </tbody>
        </table>
      </main>
    </div>
  );
}
