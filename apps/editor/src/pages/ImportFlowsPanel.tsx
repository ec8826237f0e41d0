import { useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ImportFlowsResponse } from '@moflow/api-contract';
import { flowsApi } from '../api/flows-api';
import { readText } from '../utils/read-text';

const formatNames: Record<ImportFlowsResponse['format'], string> = { 'twilio-studio': 'Twilio Studio', rapidpro: 'RapidPro / TextIt', moflow: 'a Moflow export' };
const severityText = { error: 'Error', warning: 'Check', info: 'Note' } as const;

/**
 * Import from Twilio Studio or TextIt: a file or pasted text goes to POST /flows/import; the report
 * is shown first, with a link to open each new draft.
 */
export function ImportFlowsPanel({ onClose }: { onClose: () => void }) {
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState('');
  const [readError, setReadError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: (doc: unknown) => flowsApi.importFlows(doc),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['flows'] }),
  });

  const submit = async () => {
    setReadError(null);
    const text = file ? await readText(file) : pasted;
    if (!text.trim()) return setReadError('Choose an exported .json file or paste its text.');
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      return setReadError(`${file ? file.name : 'The pasted text'} is not valid JSON (${(e as Error).message}): expected the JSON export of a Twilio Studio flow or a RapidPro / TextIt workspace.`);
    }
    run.mutate(doc);
  };

  const result = run.data;
  return (
    <section className="card import-panel" aria-label="Import flows">
      <h2>Import from Twilio Studio or TextIt</h2>
      {!result && (
        <>
          <p className="muted">Each flow in the export becomes a draft. Nothing is published: you review the steps marked <strong>Check</strong> first.</p>
          <div className="row">
            <button type="button" onClick={() => fileInput.current?.click()}>Choose export file…</button>
            <span className="muted">{file ? file.name : 'No file chosen'}</span>
            <input ref={fileInput} type="file" accept="application/json,.json" hidden aria-label="Export file" data-testid="import-flows-file"
              onChange={(e) => { setFile(e.target.files?.[0] ?? null); setPasted(''); }} />
          </div>
          <label>…or paste the exported JSON
            <textarea aria-label="Exported JSON" value={pasted} onChange={(e) => { setPasted(e.target.value); setFile(null); }} spellCheck={false} />
          </label>
          {(readError ?? run.error) && <p role="alert" className="error">{readError ?? run.error?.message}</p>}
          <div className="row">
            <button type="button" className="primary" onClick={() => void submit()} disabled={run.isPending}>{run.isPending ? 'Importing…' : 'Import'}</button>
            <button type="button" onClick={onClose}>Cancel</button>
          </div>
        </>
      )}
      {result && <ImportReport result={result} onClose={onClose} />}
    </section>
  );
}

function ImportReport({ result, onClose }: { result: ImportFlowsResponse; onClose: () => void }) {
  const count = (s: string) => result.report.filter((r) => r.severity === s).length;
  return (
    <div className="import-report" data-testid="import-report">
      <p role="status">
        Imported {result.flows.length} draft flow{result.flows.length === 1 ? '' : 's'} from {formatNames[result.format]}:{' '}
        {count('error')} error(s), {count('warning')} step(s) to check, {count('info')} note(s).
      </p>
      {result.flows.map((f) => {
        const items = result.report.filter((r) => r.flow === f.name);
        return (
          <div key={f.id ?? f.name} className="import-flow">
            <h3>{f.name} {f.id && <a href={`#/flows/${encodeURIComponent(f.id)}`}>Open draft</a>}</h3>
            {items.length === 0 ? <p className="muted">Everything was carried over.</p> : (
              <table className="flow-table">
                <thead><tr><th>Severity</th><th>Step</th><th>What happened</th></tr></thead>
                <tbody>
                  {items.map((r, i) => (
                    <tr key={i}><td className={`sev-${r.severity}`}>{severityText[r.severity]}</td><td>{r.source}</td><td>{r.message}</td></tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        );
      })}
      <button type="button" onClick={onClose}>Close</button>
    </div>
  );
}
