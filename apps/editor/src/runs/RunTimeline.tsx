import { useState } from 'react';
import type { RunStepDto } from '@moflow/api-contract';
import type { FlowDefinition } from '@moflow/flow-spec';
import { entryOf } from '../catalogue/node-catalogue';
import { JsonBlock } from './JsonBlock';
import { buildTimeline, eventWords, handleName, nodeName, parseMaybeJson, runMarkWords, type NodeVisit } from './run-words';

const time = (iso: string) => new Date(iso).toLocaleTimeString();

function LookupAttempts({ events }: { events: RunStepDto[] }) {
  const attempts = events.filter((e) => e.type === 'lookup_attempt');
  if (attempts.length === 0) return null;
  return (
    <table className="lookup-attempts" aria-label="Lookup attempts">
      <thead><tr><th>Attempt</th><th>Request</th><th>Status</th><th>Time</th><th>Error</th></tr></thead>
      <tbody>
        {attempts.map((a) => (
          <tr key={a.seq}>
            <td>{String(a.data['attempt'] ?? '')}</td>
            <td className="mono small">{String(a.data['method'] ?? '')} {String(a.data['url'] ?? '')}</td>
            <td>{a.data['status'] === null || a.data['status'] === undefined ? 'no answer' : `HTTP ${String(a.data['status'])}`}</td>
            <td>{a.durationMs ?? '?'} ms</td>
            <td className="error">{a.error ?? ''}</td>
          </tr>
        ))}
      </tbody>
      <tfoot><tr><td colSpan={5} className="muted small">{attempts.length} attempt{attempts.length === 1 ? '' : 's'}, {attempts.length - 1} retr{attempts.length - 1 === 1 ? 'y' : 'ies'}</td></tr></tfoot>
    </table>
  );
}

function Visit({ v, def }: { v: NodeVisit; def: FlowDefinition | null }) {
  // The JSON tree of a step is built when its details are first opened, not for every step on load.
  const [opened, setOpened] = useState(false);
  const left = v.left;
  const failed = Boolean(left?.error) || left?.handle === 'failure';
  const type = v.nodeType ? entryOf(v.nodeType as Parameters<typeof entryOf>[0]) : null;
  const Icon = type?.icon;
  const details = { input: parseMaybeJson(left?.input ?? null), output: parseMaybeJson(left?.output ?? null), events: v.events.map((e) => ({ type: e.type, ...e.data })) };
  return (
    <li className={`timeline-visit${failed ? ' failed' : ''}`} data-testid={`step-${v.nodeId}`}>
      <div className="visit-head">
        {Icon && <Icon size={16} aria-hidden="true" />}
        <strong>{nodeName(def, v.nodeId)}</strong>
        <span className="muted small">{type?.label}</span>
        <span className="spacer" />
        <span className="muted small">{time(v.at)}{left?.durationMs !== null && left?.durationMs !== undefined ? ` · ${left.durationMs} ms` : ''}</span>
      </div>
      {left ? (
        <p className="visit-exit">
          {left.handle !== null && <>Left by <span className="chip">{handleName(def, v.nodeId, left.handle)}</span> </>}
          {left.reason && !left.error && <span className="reason">— {left.reason}</span>}
        </p>
      ) : <p className="visit-exit muted">Still here.</p>}
      {left?.error && <p className="error" role="note">Error: {left.error}</p>}
      <LookupAttempts events={v.events} />
      <ul className="visit-events">
        {v.events.filter((e) => e.type !== 'lookup_attempt').map((e) => <li key={e.seq}>{eventWords(e)}</li>)}
      </ul>
      <details className="advanced" onToggle={(e) => { if (e.currentTarget.open) setOpened(true); }}>
        <summary>Inputs and outputs</summary>
        {opened && <JsonBlock value={details} label={`Details of ${nodeName(def, v.nodeId)}`} />}
      </details>
    </li>
  );
}

/** The run's steps in order: one entry per node visit, run-level marks between them. */
export function RunTimeline({ steps, def }: { steps: RunStepDto[]; def: FlowDefinition | null }) {
  const entries = buildTimeline(steps);
  return (
    <ol className="timeline" aria-label="Timeline">
      {entries.map((e) => e.kind === 'node'
        ? <Visit key={e.key} v={e} def={def} />
        : (
          <li key={e.key} className={`timeline-mark type-${e.step.type}`}>
            <span className="muted small">{time(e.step.at)}</span> {runMarkWords(e.step)}
          </li>
        ))}
    </ol>
  );
}
