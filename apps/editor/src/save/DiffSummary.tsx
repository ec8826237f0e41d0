import type { FlowDiffDto } from '@moflow/api-contract';
import type { FlowDefinition, FlowNode } from '@moflow/flow-spec';
import { useFlowStore } from '../store/flow-store';
import { changedValues } from '../utils/changed-values';
import { stepName } from '../utils/step-name';

const fieldWords = (f: string) => f.replace(/^config\./, '').replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[._]+/g, ' ').toLowerCase();
const sideName = (s: number | 'draft') => (s === 'draft' ? 'the draft' : `v${s}`);

/**
 * What changed between two versions, by step name. `extra`: steps no longer in the draft (a
 * version's removed ones). With both definitions, each changed step shows its old and new values.
 */
export function DiffSummary({ diff, extra = [], before, after }: {
  diff: FlowDiffDto; extra?: readonly FlowNode[]; before?: FlowDefinition; after?: FlowDefinition;
}) {
  const draftNodes = useFlowStore((s) => s.definition.nodes);
  const find = (id: string) => after?.nodes.find((x) => x.id === id) ?? before?.nodes.find((x) => x.id === id)
    ?? draftNodes.find((x) => x.id === id) ?? extra.find((x) => x.id === id);
  const name = (id: string) => { const n = find(id); return n ? stepName(n) : id.replace(/[_-]+/g, ' '); };
  const changed = diff.nodesChanged.map((c) => ({ ...c, fields: c.fields.filter((f) => !f.startsWith('position')) })).filter((c) => c.fields.length);
  const empty = !diff.nodesAdded.length && !diff.nodesRemoved.length && !changed.length && !diff.edgesAdded.length && !diff.edgesRemoved.length;
  if (empty) return <p>No changes between {sideName(diff.from)} and {sideName(diff.to)}{diff.nodesChanged.length ? ' (only steps moved)' : ''}.</p>;
  return (
    <ul className="diff-summary" aria-label="Changes">
      {diff.nodesAdded.length > 0 && <li className="added">Added steps: {diff.nodesAdded.map(name).join(', ')}</li>}
      {changed.length > 0 && (before && after ? (
        <li className="changed">Changed steps:
          <ul>
            {changed.map((c) => (
              <li key={c.nodeId} data-testid={`changed-${c.nodeId}`}><strong>{name(c.nodeId)}</strong>
                <dl className="value-diff">
                  {changedValues(before.nodes.find((n) => n.id === c.nodeId), after.nodes.find((n) => n.id === c.nodeId), c.fields).map((v) => (
                    <div key={v.field}><dt>{v.field}</dt><dd><del>{v.before}</del> → <ins>{v.after}</ins></dd></div>
                  ))}
                </dl>
              </li>
            ))}
          </ul>
        </li>
      ) : <li className="changed">Changed steps: {changed.map((c) => `${name(c.nodeId)} (${c.fields.map(fieldWords).join(', ')})`).join('; ')}</li>)}
      {diff.nodesRemoved.length > 0 && <li className="removed">Removed steps: {diff.nodesRemoved.map(name).join(', ')}</li>}
      {(diff.edgesAdded.length > 0 || diff.edgesRemoved.length > 0) && <li>Connections: {diff.edgesAdded.length} added, {diff.edgesRemoved.length} removed</li>}
    </ul>
  );
}
