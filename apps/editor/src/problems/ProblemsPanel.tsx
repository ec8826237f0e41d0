import { memo, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useFlowStore } from '../store/flow-store';
import type { PlainProblem } from './plain-problem';

function counts(problems: readonly PlainProblem[]): string {
  const errors = problems.filter((p) => p.severity !== 'warning').length;
  const warnings = problems.length - errors;
  if (problems.length === 0) return 'No problems';
  const part = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [errors && part(errors, 'error'), warnings && part(warnings, 'warning')].filter(Boolean).join(', ');
}

/**
 * Every problem of the draft, errors first, in plain words; each keeps the validator's path in a
 * detail for developers. A click selects the step and brings it into view. One line high until
 * opened, so problems coming and going while typing never resize the canvas.
 * Memoised: the editor re-renders on every edit.
 */
export const ProblemsPanel = memo(function ProblemsPanel({ problems }: { problems: readonly PlainProblem[] }) {
  const { getNode, setCenter } = useReactFlow();
  const [open, setOpen] = useState(false);
  const focus = (p: PlainProblem) => {
    if (!p.nodeId) return;
    useFlowStore.getState().setSelection([p.nodeId], []);
    const n = getNode(p.nodeId);
    if (n) void setCenter(n.position.x + (n.measured?.width ?? 240) / 2, n.position.y + (n.measured?.height ?? 100) / 2, { zoom: 1.2, duration: 300 });
  };
  const first = problems[0];
  return (
    <section className={`problems${open ? ' open' : ''}`} aria-label="Problems" data-testid="problems-panel">
      <div className="problems-bar">
        <button type="button" className="problems-toggle" aria-expanded={open} onClick={() => setOpen(!open)} disabled={problems.length === 0}>
          <span aria-hidden>{open ? '▾' : '▸'}</span> <strong>{counts(problems)}</strong>
        </button>
        {!open && first && (
          <button type="button" className={`problem first ${first.severity === 'warning' ? 'warning' : 'error'}`} onClick={() => focus(first)} disabled={!first.nodeId}>
            {first.text}
          </button>
        )}
      </div>
      {open && (
        <ul>
          {problems.map((p, i) => (
            <li key={`${p.path}-${i}`} className="problem-row">
              <button type="button" className={`problem ${p.severity === 'warning' ? 'warning' : 'error'}`} onClick={() => focus(p)} disabled={!p.nodeId}>
                <span className="sev">{p.severity === 'warning' ? 'Warning' : 'Error'}</span> {p.text}
              </button>
              <details className="problem-detail">
                <summary>Details</summary>
                <code>{p.detail}</code>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
});
