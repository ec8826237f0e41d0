import { useEffect, useState } from 'react';
import type { FlowDiffDto, FlowDto, ProblemDto, ValidateResponse } from '@moflow/api-contract';
import { flowsApi } from '../api/flows-api';
import { ApiRequestError } from '../api/client';
import { useFlowStore } from '../store/flow-store';
import { DiffSummary } from './DiffSummary';

/**
 * Publishing shows what changes against the live version and what the server objects to (keyword
 * conflicts with other flows, problems); a refusal shows the server's reasons, never a bare error.
 */
export function PublishDialog({ publishedVersion, saveNow, onClose, onPublished }: {
  publishedVersion: number | null; saveNow: () => Promise<void>; onClose: () => void; onPublished: (flow: FlowDto) => void;
}) {
  const flowId = useFlowStore((s) => s.flowId);
  const definition = useFlowStore((s) => s.definition);
  const [diff, setDiff] = useState<FlowDiffDto | null>(null);
  const [check, setCheck] = useState<ValidateResponse | null>(null);
  const [note, setNote] = useState('');
  const [refusal, setRefusal] = useState<{ message: string; problems: ProblemDto[] } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!flowId) return;
    void flowsApi.validate(definition).then(setCheck).catch(() => setCheck(null));
    if (publishedVersion !== null) void saveNow().then(() => flowsApi.diff(flowId, publishedVersion, 'draft')).then(setDiff).catch(() => setDiff(null));
    // Only when the dialog opens: the summary describes what the user is about to publish.
  }, []);

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
      setRefusal(e instanceof ApiRequestError ? { message: e.message, problems: e.body.problems ?? [] } : { message: String(e), problems: [] });
    } finally { setBusy(false); }
  };

  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="publish-title" data-testid="publish-dialog">
        <h2 id="publish-title">Publish this flow</h2>
        {publishedVersion === null ? <p>This is the first version: the flow goes live as v1.</p>
          : diff ? <DiffSummary diff={diff} /> : <p className="muted">Comparing with v{publishedVersion}…</p>}
        {check && check.problems.length > 0 && (
          <div>
            <h3>The server reports</h3>
            <ul className="problem-list">{check.problems.map((p, i) => <li key={i} className={p.severity === 'warning' ? 'warning' : 'error'}><code>{p.path}</code>: {p.message}</li>)}</ul>
          </div>
        )}
        <label className="field">Note (optional)<input value={note} onChange={(e) => setNote(e.target.value)} placeholder="What changed?" /></label>
        {refusal && (
          <div role="alert" className="refusal" data-testid="publish-refusal">
            <strong>Publishing was refused: {refusal.message}</strong>
            <ul>{refusal.problems.map((p, i) => <li key={i}><code>{p.path}</code>: {p.message}</li>)}</ul>
          </div>
        )}
        <div className="row">
          <button type="button" className="primary" onClick={publish} disabled={busy}>{busy ? 'Publishing…' : 'Publish'}</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </div>
    </div>
  );
}
