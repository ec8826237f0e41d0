import { memo } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { ProblemDto } from '@moflow/api-contract';
import { useFlowStore } from '../store/flow-store';

/** Every problem of the draft; a click selects the node and brings it into view. Memoised: the editor re-renders on every edit. */
export const ProblemsPanel = memo(function ProblemsPanel({ problems }: { problems: readonly ProblemDto[] }) {
  const { getNode, setCenter } = useReactFlow();
  const errors = problems.filter((p) => p.severity !== 'warning').length;
  const focus = (p: ProblemDto) => {
    if (!p.nodeId) return;
    useFlowStore.getState().setSelection([p.nodeId], []);
    const n = getNode(p.nodeId);
    if (n) void setCenter(n.position.x + (n.measured?.width ?? 240) / 2, n.position.y + (n.measured?.height ?? 100) / 2, { zoom: 1.2, duration: 300 });
  };
  return (
    <section className="problems" aria-label="Problems" data-testid="problems-panel">
      <h2>{problems.length === 0 ? 'No problems' : `${errors} error${errors === 1 ? '' : 's'}, ${problems.length - errors} warning${problems.length - errors === 1 ? '' : 's'}`}</h2>
      {problems.length > 0 && (
        <ul>
          {problems.map((p, i) => (
            <li key={`${p.path}-${i}`}>
              <button type="button" className={`problem ${p.severity === 'warning' ? 'warning' : 'error'}`} onClick={() => focus(p)} disabled={!p.nodeId}>
                <span className="sev">{p.severity === 'warning' ? 'Warning' : 'Error'}</span> <code>{p.path}</code>: {p.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
});
