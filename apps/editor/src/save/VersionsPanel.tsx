import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { FlowDiffDto, FlowDto } from '@moflow/api-contract';
import type { FlowDefinition, FlowNode } from '@moflow/flow-spec';
import { flowsApi } from '../api/flows-api';
import { useFlowStore } from '../store/flow-store';
import { normaliseDefinition } from '../utils/normalise-definition';
import type { DiffPaint } from '../utils/to-react-flow';
import { ConfirmDialog } from './ConfirmDialog';
import { DiffSummary } from './DiffSummary';

type Side = number | 'draft';
const sideName = (s: Side) => (s === 'draft' ? 'the draft' : `v${s}`);
interface Shown { from: Side; to: Side; diff: FlowDiffDto; before: FlowDefinition; after: FlowDefinition; ghosts: FlowNode[] }

/**
 * Published versions, the live one marked. Any two (or one and the draft) can be compared: each
 * changed step with its old and new values; against the draft the canvas is painted too. "Make
 * live again" is the server's rollback (it republishes that version, leaving the draft alone);
 * "copy into the draft" replaces the draft with it as one undoable edit.
 */
export function VersionsPanel({ liveVersion, onGhosts, onRolledBack, readOnly = false }: {
  liveVersion: number | null; onGhosts: (nodes: FlowNode[]) => void; onRolledBack: (flow: FlowDto, version: number) => void; readOnly?: boolean;
}) {
  const flowId = useFlowStore((s) => s.flowId) ?? '';
  const versions = useQuery({ queryKey: ['versions', flowId], queryFn: () => flowsApi.versions(flowId), enabled: !!flowId });
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<number | null>(null);
  const [from, setFrom] = useState<string>('');
  const [to, setTo] = useState<string>('draft');

  const definitionOf = async (side: Side): Promise<FlowDefinition> => {
    if (side === 'draft') return useFlowStore.getState().definition;
    const v = await flowsApi.version(flowId, side);
    if (!v.definition) throw new Error(`version ${side} came without its definition`);
    return normaliseDefinition(v.definition);
  };

  const compare = async (a: Side, b: Side) => {
    setError(null);
    try {
      const [diff, before, after] = await Promise.all([flowsApi.diff(flowId, a, b), definitionOf(a), definitionOf(b)]);
      let ghosts: FlowNode[] = [];
      if (b === 'draft') {
        // Against the draft the canvas shows it too: what was added, changed, and removed (faded).
        const paint: Record<string, DiffPaint> = {};
        for (const id of diff.nodesAdded) paint[id] = 'added';
        for (const c of diff.nodesChanged) if (c.fields.some((f) => !f.startsWith('position'))) paint[c.nodeId] = 'changed';
        ghosts = before.nodes.filter((n) => diff.nodesRemoved.includes(n.id));
        for (const g of ghosts) paint[g.id] = 'removed';
        useFlowStore.getState().setPaint(paint);
      } else useFlowStore.getState().setPaint(null);
      onGhosts(ghosts);
      setShown({ from: a, to: b, diff, before, after, ghosts });
    } catch (e) { setError(e instanceof Error ? e.message : String(e)); }
  };
  const hide = () => { useFlowStore.getState().setPaint(null); onGhosts([]); setShown(null); };
  const rollback = async (version: number) => {
    setAsking(null);
    try {
      const flow = await flowsApi.rollback(flowId, version);
      await versions.refetch();
      onRolledBack(flow, version);
    } catch (e) { setError(e instanceof Error ? e.message : String(e)); }
  };
  const copyIntoDraft = async (version: number) => {
    try {
      const def = await definitionOf(version);
      hide();
      useFlowStore.getState().replaceDefinition(def);
    } catch (e) { setError(e instanceof Error ? e.message : String(e)); }
  };
  const sideOf = (raw: string): Side => (raw === 'draft' ? 'draft' : Number(raw));
  const list = versions.data ?? [];
  const fromValue = from || (list[0] ? String(list[0].version) : '');

  return (
    <aside className="side-panel" aria-label="Version history">
      <h2>Versions</h2>
      {versions.isPending && <p role="status">Loading…</p>}
      {versions.data?.length === 0 && <p className="muted">Nothing published yet.</p>}
      {error && <p className="error" role="alert">{error}</p>}
      {list.length > 0 && (
        <form className="compare" aria-label="Compare versions" onSubmit={(e) => { e.preventDefault(); if (fromValue) void compare(sideOf(fromValue), sideOf(to)); }}>
          <label>Compare <select aria-label="Compare from" value={fromValue} onChange={(e) => setFrom(e.target.value)}>
            {list.map((v) => <option key={v.version} value={v.version}>v{v.version}{v.version === liveVersion ? ' (live)' : ''}</option>)}
          </select></label>
          <label>with <select aria-label="Compare with" value={to} onChange={(e) => setTo(e.target.value)}>
            <option value="draft">the draft</option>
            {list.map((v) => <option key={v.version} value={v.version}>v{v.version}{v.version === liveVersion ? ' (live)' : ''}</option>)}
          </select></label>
          <button type="submit">Compare</button>
        </form>
      )}
      <ol className="versions" reversed>
        {list.map((v) => {
          const live = v.version === liveVersion;
          return (
            <li key={v.version} className={live ? 'live' : undefined} data-testid={`version-${v.version}`}>
              <strong>v{v.version}</strong> {live && <span className="badge live-badge">Live</span>}{' '}
              <span className="muted small">{new Date(v.publishedAt).toLocaleString()}{v.publishedBy ? ` by ${v.publishedBy.email}` : ''}</span>
              {v.note && <div className="small">{v.note}</div>}
              <div className="row">
                <button type="button" onClick={() => void compare(v.version, 'draft')}>Show changes since v{v.version}</button>
                {!readOnly && <>
                  {!live && <button type="button" onClick={() => setAsking(v.version)}>Make v{v.version} live again</button>}
                  <button type="button" onClick={() => void copyIntoDraft(v.version)}>Copy v{v.version} into the draft</button>
                </>}
              </div>
            </li>
          );
        })}
      </ol>
      {shown && (
        <div className="diff-legend">
          <h3>{sideName(shown.to) === 'the draft' ? `The draft against v${String(shown.from)}` : `v${String(shown.to)} against v${String(shown.from)}`}</h3>
          <DiffSummary diff={shown.diff} extra={shown.ghosts} before={shown.before} after={shown.after} />
          {shown.to === 'draft' && <p className="small"><span className="legend added">added</span> <span className="legend changed">changed</span> <span className="legend removed">removed</span></p>}
          <button type="button" onClick={hide}>Hide changes</button>
        </div>
      )}
      {asking !== null && (
        <ConfirmDialog title={`Make v${asking} live again?`} confirmLabel={`Make v${asking} live`} onCancel={() => setAsking(null)} onConfirm={() => void rollback(asking)}>
          <p>Contacts who start the flow from now on get v{asking}, published again as a new version. Your draft is not changed.</p>
        </ConfirmDialog>
      )}
    </aside>
  );
}
