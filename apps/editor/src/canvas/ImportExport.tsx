import { useRef, useState } from 'react';
import { useFlowStore } from '../store/flow-store';
import { DefinitionImportError, normaliseDefinition } from '../utils/normalise-definition';
import { readText } from '../utils/read-text';
import { validateDefinition } from '../utils/validate-definition';

export function ImportExport() {
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const exportJson = () => {
    const { definition, name } = useFlowStore.getState();
    // The same envelope POST /api/v1/flows/import reads back unchanged.
    const exported = { format: 'moflow-flow', version: 1, name, definition };
    const blob = new Blob([JSON.stringify(exported, null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${(name || 'flow').replace(/[^A-Za-z0-9_-]+/g, '-')}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const importFile = async (file: File) => {
    setMessage(null);
    try {
      const parsed: unknown = JSON.parse(await readText(file));
      const def = normaliseDefinition(isEnvelope(parsed) ? parsed.definition : parsed);
      const errors = validateDefinition(def).filter((p) => p.severity !== 'warning');
      useFlowStore.getState().replaceDefinition(def);
      setMessage({ kind: errors.length ? 'error' : 'ok', text: `Imported ${def.nodes.length} steps${errors.length ? ` with ${errors.length} problem(s): see the problems panel` : ''}. Undo restores the previous flow.` });
    } catch (e) {
      const why = e instanceof SyntaxError ? `not valid JSON (${e.message})` : e instanceof DefinitionImportError ? e.message : String(e);
      setMessage({ kind: 'error', text: `${file.name}: ${why}` });
    }
  };
  return (
    <>
      <button type="button" onClick={exportJson}>Export JSON</button>
      <button type="button" onClick={() => input.current?.click()}>Import JSON</button>
      <input ref={input} type="file" accept="application/json,.json" hidden aria-label="Import flow JSON file" data-testid="import-file"
        onChange={(e) => { const f = e.target.files?.[0]; if (f) void importFile(f); e.target.value = ''; }} />
      {message && <span role={message.kind === 'error' ? 'alert' : 'status'} className={`small ${message.kind}`}>{message.text}</span>}
    </>
  );
}

function isEnvelope(v: unknown): v is { definition: unknown } {
  return typeof v === 'object' && v !== null && (v as { format?: unknown }).format === 'moflow-flow';
}
