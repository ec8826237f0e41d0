import type { FlowDiffDto } from '@moflow/api-contract';
import type { FlowNode } from '@moflow/flow-spec';
import { useFlowStore } from '../store/flow-store';
import { stepName } from '../utils/step-name';

const fieldWords = (f: string) => f.replace(/^config\./, '').replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[._]+/g, ' ').toLowerCase();

/** What changed between two versions, by step name. `extra`: steps no longer in the draft (a version's removed ones). */
export function DiffSummary({ diff, extra = [] }: { diff: FlowDiffDto; extra?: readonly FlowNode[] }) {
  const nodes = useFlowStore((s) => s.definition.nodes);
  const name = (id: string) => {
    const n = nodes.find((x) => x.id === id) ?? extra.find((x) => x.id === id);
    return n ? stepName(n) : id.replace(/[_-]+/g, ' ');
  };
  const empty = !diff.nodesAdded.length && !diff.nodesRemoved.length && !diff.nodesChanged.length && !diff.edgesAdded.length && !diff.edgesRemoved.length;
  if (empty) return <p>No changes between v{String(diff.from)} and {diff.to === 'draft' ? 'the draft' : `v${diff.to}`}.</p>;
  return (
    <ul className="diff-summary" aria-label="Changes">
      {diff.nodesAdded.length > 0 && <li className="added">Added steps: {diff.nodesAdded.map(name).join(', ')}</li>}
      {diff.nodesChanged.length > 0 && <li className="changed">Changed steps: {diff.nodesChanged.map((c) => `${name(c.nodeId)} (${c.fields.map(fieldWords).join(', ')})`).join('; ')}</li>}
      {diff.nodesRemoved.length > 0 && <li className="removed">Removed steps: {diff.nodesRemoved.map(name).join(', ')}</li>}
      {(diff.edgesAdded.length > 0 || diff.edgesRemoved.length > 0) && <li>Connections: {diff.edgesAdded.length} added, {diff.edgesRemoved.length} removed</li>}
    </ul>
  );
}
