import { useFlowStore } from '../store/flow-store';

export interface ContactDraft { phone: string; name: string; fields: string; lookups: string; /** REST start parameters; empty: the first message starts the run. */ parameters: string }

export function ContactSetup({ value, onChange, error }: { value: ContactDraft; onChange: (v: ContactDraft) => void; error: string | null }) {
  const lookupIds = useFlowStore((s) => s.definition.nodes.filter((n) => n.type === 'lookup').map((n) => n.id).join(', '));
  const set = (k: keyof ContactDraft, v: string) => onChange({ ...value, [k]: v });
  return (
    <details>
      <summary>Contact and mocks</summary>
      <label className="field">Phone<input value={value.phone} onChange={(e) => set('phone', e.target.value)} /></label>
      <label className="field">Name<input value={value.name} onChange={(e) => set('name', e.target.value)} /></label>
      <label className="field">Contact fields (JSON)<textarea className="mono" rows={2} value={value.fields} onChange={(e) => set('fields', e.target.value)} /></label>
      <label className="field">Mock lookup responses (JSON by node id)
        <textarea className="mono" rows={3} value={value.lookups} onChange={(e) => set('lookups', e.target.value)}
          placeholder={`{ "${lookupIds.split(', ')[0] || 'lookup_1'}": { "status": 200, "body": { "status": "shipped" } } }`} />
      </label>
      <label className="field">Start over REST with parameters (JSON, empty: the first message starts the run)
        <textarea className="mono" rows={2} value={value.parameters} onChange={(e) => set('parameters', e.target.value)} placeholder='{ "date": "Friday 10:00" }' />
      </label>
      {lookupIds && <p className="muted small">Lookup steps: {lookupIds}</p>}
      {error && <p className="error small" role="alert">{error}</p>}
    </details>
  );
}
