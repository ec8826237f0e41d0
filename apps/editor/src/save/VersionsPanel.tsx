import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { FlowDiffDto, FlowDto } from '@moflow/api-contract';
import type { FlowNode } from '@moflow/flow-spec';
import { flowsApi } from '../api/flows-api';
import { useFlowStore } from '../store/flow-store';
import { normaliseDefinition } from '../utils/normalise-definition';
import type { DiffPaint } from '../utils/to-react-flow';
import { DiffSummary } from './DiffSummary';

/**
 * Published versions. "Show changes" paints the draft's differences on the canvas; "make live again"
 * is the server's rollback (it republishes that version, leaving the draft alone); "copy into the
 * draft" replaces the draft with it as one undoable edit.
 */
export function VersionsPanel({ onGhosts, onRolledBack, readOnly = false }: {
  onGhosts: (nodes: FlowNode[]) => void; onRolledBack: (flow: FlowDto, version: number) => void; readOnly?: boolean;
}) {
  const flowId = useFlowStore((s) => s.flowId) ?? '';
  const versions = useQuery({ queryKey: ['versions', flowId], queryFn: () => flowsApi.versions(flowId), enabled: !!flowId });
  const [shown, setShown] = useState<{ version: number; diff: FlowDiffDto; ghosts: FlowNode[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const show = async (version: number) => {
    setError(null);
    try {
      const [diff, v] = await Promise.all([flowsApi.diff(flowId, version, 'draft'), flowsApi.version(flowId, version)]);
      const paint: Record<string, DiffPaint> = {};
      for (const id of diff.nodesAdded) paint[id] = 'added';
      for (const c of diff.nodesChanged) paint[c.nodeId] = 'changed';
      const old = v.definition ? normaliseDefinition(v.definition) : null;
      const ghosts = (old?.nodes ?? []).filter((n) => diff.nodesRemoved.includes(n.id));
      for (const g of ghosts) paint[g.id] = 'removed';
      useFlowStore.getState().setPaint(paint);
      onGhosts(ghosts);
      setShown({ version, diff, ghosts });
    } catch (e) { setError(e instanceof Error ? e.message : String(e)); }
  };
  const hide = () => { useFlowStore.getState().setPaint(null); onGhosts([]); setShown(null); };
  const rollback = async (version: number) => {
    if (!window.confirm(`Make version ${version} the live version again? Your draft is not changed.`)) return;
    try {
      const flow = await flowsApi.rollback(flowId, version);
      await versions.refetch();
      onRolledBack(flow, version);
    } catch (e) { setError(e instanceof Error ? e.message : String(e)); }
  };
  const copyIntoDraft = async (version: number) => {
    try {
      const v = await flowsApi.version(flowId, version);
      if (!v.definition) throw new Error(`version ${version} came without its definition`);
      hide();
      useFlowStore.getState().replaceDefinition(normaliseDefinition(v.definition));
    } catch (e) { setError(e instanceof Error ? e.message : String(e)); }
  };

  return (
    <aside className="side-panel" aria-label="Version history">
      <h2>Versions</h2>
      {versions.isPending && <p role="status">Loading…</p>}
      {versions.data?.length === 0 && <p className="muted">Nothing published yet.</p>}
      {error && <p className="error" role="alert">{error}</p>}
      <ol className="versions" reversed>
        {versions.data?.map((v) => (
          <li key={v.version}>
            <strong>v{v.version}</strong> <span className="muted small">{new Date(v.publishedAt).toLocaleString()}{v.publishedBy ? ` by ${v.publishedBy.email}` : ''}</span>
            {v.note && <div className="small">{v.note}</div>}
            <div className="row">
              <button type="button" onClick={() => void show(v.version)}>Show changes since v{v.version}</button>
              {!readOnly && <>
                <button type="button" onClick={() => void rollback(v.version)}>Make v{v.version} live again</button>
                <button type="button" onClick={() => void copyIntoDraft(v.version)}>Copy v{v.version} into the draft</button>
              </>}
            </div>
          </li>
        ))}
      </ol>
      {shown && (
        <div className="diff-legend">
          <h3>Draft vs v{shown.version}</h3>
          <DiffSummary diff={shown.diff} extra={shown.ghosts} />
          <p className="small"><span className="legend added">added</span> <span className="legend changed">changed</span> <span className="legend removed">removed</span></p>
          <button type="button" onClick={hide}>Hide changes</button>
        </div>
      )}
    </aside>
  );
}
