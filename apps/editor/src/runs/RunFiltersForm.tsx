import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { flowsApi } from '../api/flows-api';
import { fromLocalInput, toLocalInput } from './run-filters';
import type { RunFilters } from './runs-api';
import { statusWords } from './status-words';

/**
 * The steps of a flow by name, for the "visited step" filter. The flow schema code (flow-spec) loads
 * here, once a flow is chosen, so it never delays the runs list.
 */
async function stepsOf(flowId: string): Promise<Array<{ id: string; name: string }>> {
  const [flow, { normaliseDefinition }, { nodeName }] = await Promise.all([flowsApi.get(flowId), import('../utils/normalise-definition'), import('./run-words')]);
  const def = normaliseDefinition(flow.definition);
  return def.nodes.map((n) => ({ id: n.id, name: nodeName(def, n.id) }));
}

/** The runs page's filter form: the values apply on "Search" (Enter), selects and checkboxes at once. */
export function RunFiltersForm({ value, onChange, textSearch = true }: { value: RunFilters; onChange: (f: RunFilters) => void; textSearch?: boolean }) {
  const [draft, setDraft] = useState<RunFilters>(value);
  const flows = useQuery({ queryKey: ['flows', 'with-archived'], queryFn: flowsApi.listWithArchived });
  const channels = useQuery({ queryKey: ['channels'], queryFn: flowsApi.channels });
  const steps = useQuery({ queryKey: ['flow-steps', draft.flowId], queryFn: () => stepsOf(draft.flowId!), enabled: Boolean(draft.flowId) });
  const set = (k: keyof RunFilters, v: string, apply = false) => {
    const next = { ...draft, [k]: v };
    if (k === 'flowId') { next.nodeId = ''; next.version = ''; }
    setDraft(next);
    if (apply) onChange(next);
  };
  const submit = (e: FormEvent) => { e.preventDefault(); onChange(draft); };
  const nodes = steps.data ?? [];
  return (
    <form className="run-filters card" onSubmit={submit} aria-label="Run filters">
      <label>Flow
        <select value={draft.flowId ?? ''} onChange={(e) => set('flowId', e.target.value, true)}>
          <option value="">All flows</option>
          {(flows.data ?? []).map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
        </select>
      </label>
      <label>Version
        <input type="number" min={1} value={draft.version ?? ''} onChange={(e) => set('version', e.target.value)} placeholder="any" disabled={!draft.flowId} />
      </label>
      <label>Status
        <select value={draft.status ?? ''} onChange={(e) => set('status', e.target.value, true)}>
          <option value="">Any status</option>
          {Object.entries(statusWords).map(([s, words]) => <option key={s} value={s}>{words}</option>)}
        </select>
      </label>
      <label>Contact number
        <input type="search" value={draft.contact ?? ''} onChange={(e) => set('contact', e.target.value)} placeholder="+44 7700 900123" />
      </label>
      <label>Channel
        <select value={draft.channelId ?? ''} onChange={(e) => set('channelId', e.target.value, true)}>
          <option value="">All channels</option>
          {(channels.data ?? []).map((c) => <option key={c.id} value={c.id}>{c.name ?? c.number ?? c.id}</option>)}
        </select>
      </label>
      <label>From
        <input type="datetime-local" value={toLocalInput(draft.from)} onChange={(e) => set('from', fromLocalInput(e.target.value))} />
      </label>
      <label>To
        <input type="datetime-local" value={toLocalInput(draft.to)} onChange={(e) => set('to', fromLocalInput(e.target.value))} />
      </label>
      <label>Visited step
        {nodes.length > 0 ? (
          <select value={draft.nodeId ?? ''} onChange={(e) => set('nodeId', e.target.value, true)}>
            <option value="">Any step</option>
            {nodes.map((n) => <option key={n.id} value={n.id}>{n.name}</option>)}
          </select>
        ) : <input value={draft.nodeId ?? ''} onChange={(e) => set('nodeId', e.target.value)} placeholder="pick a flow first" disabled={!draft.flowId} />}
      </label>
      {textSearch && <label>Message text
        <input type="search" value={draft.text ?? ''} onChange={(e) => set('text', e.target.value)} placeholder="words in a message" />
      </label>}
      <label className="inline">
        <input type="checkbox" checked={draft.errorsOnly === 'true'} onChange={(e) => set('errorsOnly', e.target.checked ? 'true' : '', true)} /> Errors only
      </label>
      <div className="row">
        <button type="submit" className="primary">Search</button>
        <button type="button" onClick={() => { setDraft({}); onChange({}); }}>Clear</button>
      </div>
    </form>
  );
}
