import { useEffect, useState } from 'react';
import type { FlowDiffDto, FlowDto, ValidateResponse } from '@moflow/api-contract';
import { flowsApi } from '../api/flows-api';
import { ApiRequestError } from '../api/client';
import { plainProblems, type PlainProblem } from '../problems/plain-problem';
import { useFlowStore } from '../store/flow-store';
import { DiffSummary } from './DiffSummary';

function ProblemList({ problems, label }: { problems: readonly PlainProblem[]; label: string }) {
  return (
    <ul className="problem-list" aria-label={label}>
      {problems.map((p, i) => (
        <li key={i} className={p.severity === 'warning' ? 'warning' : 'error'}>
          <strong>{p.severity === 'warning' ? 'Warning' : 'Error'}:</strong> {p.text}
          <details className="problem-detail"><summary>Details</summary><code>{p.detail}</code></details>
        </li>
      ))}
    </ul>
  );
}

/**
 * Publishing shows what changes against the live version and what stands in the way. With errors
 * in the draft (the problems list, the same check the server runs) Publish is disabled and the
 * errors say why; the server's own check adds what only it knows (keywords of other live flows).
 * Errors come before warnings; warnings never block. A refusal replaces the list, never repeats it.
 * Escape closes the dialog.
 */
export function PublishDialog({ publishedVersion, problems, saveNow, onClose, onPublished }: {
  publishedVersion: number | null; problems: readonly PlainProblem[]; saveNow: () => Promise<void>; onClose: () => void; onPublished: (flow: FlowDto) => void;
}) {
  const flowId = useFlowStore((s) => s.flowId);
  const definition = useFlowStore((s) => s.definition);
  const [diff, setDiff] = useState<FlowDiffDto | null>(null);
  const [check, setCheck] = useState<ValidateResponse | null>(null);
  const [note, setNote] = useState('');
  const [refusal, setRefusal] = useState<{ message: string; problems: PlainProblem[] } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!flowId) return;
    void flowsApi.validate(definition).then(setCheck).catch(() => setCheck(null));
    if (publishedVersion !== null) void saveNow().then(() => flowsApi.diff(flowId, publishedVersion, 'draft')).then(setDiff).catch(() => setDiff(null));
    // Only when the dialog opens: the summary describes what the user is about to publish.
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  // The server's list, where it differs from the editor's (the same validator: usually it does not).
  const known = new Set(problems.map((p) => p.detail));
  const fromServer = plainProblems(check?.problems ?? [], definition).filter((p) => !known.has(p.detail));
  const all = [...problems, ...fromServer].sort((a, b) => (a.severity === 'warning' ? 1 : 0) - (b.severity === 'warning' ? 1 : 0));
  const errors = all.filter((p) => p.severity !== 'warning');

  const publish = async () => {
    if (!flowId) return;
    setBusy(true); setRefusal(null);
    try {
      await saveNow();
      const flow = await flowsApi.publish(flowId, note ? { note } : {});
      // Publishing may bump the draft revision: later saves must be based on it, not on ours.
      const st = useFlowStore.getState();
      st.markSaved(flow.revision, st.savedSeq);
      onPublished(flow);
    } catch (e) {
      setRefusal(e instanceof ApiRequestError ? { message: e.message, problems: plainProblems(e.body.problems ?? [], definition) } : { message: String(e), problems: [] });
    } finally { setBusy(false); }
  };

  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="publish-title" data-testid="publish-dialog">
        <h2 id="publish-title">Publish this flow</h2>
        {publishedVersion === null ? <p>This is the first version: the flow goes live as v1.</p>
          : diff ? <DiffSummary diff={diff} /> : <p className="muted">Comparing with v{publishedVersion}…</p>}
        {refusal ? (
          <div role="alert" className="refusal" data-testid="publish-refusal">
            <strong>Publishing was refused{refusal.problems.length ? ':' : `: ${refusal.message}`}</strong>
            {refusal.problems.length > 0 && <ProblemList problems={refusal.problems} label="Why publishing was refused" />}
          </div>
        ) : all.length > 0 && (
          <div>
            <h3>{errors.length ? `Fix ${errors.length === 1 ? 'this error' : `these ${errors.length} errors`} to publish` : 'Worth a look (you can still publish)'}</h3>
            <ProblemList problems={all} label="Problems" />
          </div>
        )}
        <label className="field">Note (optional)<input value={note} onChange={(e) => setNote(e.target.value)} placeholder="What changed?" /></label>
        <div className="row">
          <button type="button" className="primary" onClick={publish} disabled={busy || errors.length > 0}>{busy ? 'Publishing…' : 'Publish'}</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </div>
    </div>
  );
}
