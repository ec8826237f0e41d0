import type { FlowDiffDto } from '@moflow/api-contract';

export function DiffSummary({ diff }: { diff: FlowDiffDto }) {
  const empty = !diff.nodesAdded.length && !diff.nodesRemoved.length && !diff.nodesChanged.length && !diff.edgesAdded.length && !diff.edgesRemoved.length;
  if (empty) return <p>No changes between v{String(diff.from)} and {diff.to === 'draft' ? 'the draft' : `v${diff.to}`}.</p>;
  return (
    <ul className="diff-summary" aria-label="Changes">
      {diff.nodesAdded.length > 0 && <li className="added">Added steps: {diff.nodesAdded.join(', ')}</li>}
      {diff.nodesChanged.length > 0 && <li className="changed">Changed steps: {diff.nodesChanged.map((c) => `${c.nodeId} (${c.fields.join(', ')})`).join('; ')}</li>}
      {diff.nodesRemoved.length > 0 && <li className="removed">Removed steps: {diff.nodesRemoved.join(', ')}</li>}
      {(diff.edgesAdded.length > 0 || diff.edgesRemoved.length > 0) && <li>Connections: {diff.edgesAdded.length} added, {diff.edgesRemoved.length} removed</li>}
    </ul>
  );
}
