import { useShallow } from 'zustand/react/shallow';
import { useFlowStore } from '../store/flow-store';
import { stepName } from '../utils/step-name';
import { KeyValueRows } from './KeyValueRows';
import { toggleAdvanced, type SimSetup } from './sim-setup';

const outcomes = [{ status: 200, label: 'Answers (200 OK)' }, { status: 404, label: 'Finds nothing (404)' }, { status: 500, label: 'Fails (500 error)' }];

/**
 * Who the made-up contact is and what each lookup step pretends to answer: forms by default, the
 * same as JSON under "Advanced".
 */
export function ContactSetup({ value, onChange, error }: { value: SimSetup; onChange: (v: SimSetup) => void; error: string | null }) {
  const lookupSteps = useFlowStore(useShallow((s) => s.definition.nodes.filter((n) => n.type === 'lookup').map((n) => `${n.id}\u0000${stepName(n)}`)))
    .map((k) => { const [id = '', name = ''] = k.split('\u0000'); return { id, name }; });
  const set = <K extends keyof SimSetup>(k: K, v: SimSetup[K]) => onChange({ ...value, [k]: v });
  const setJson = (k: keyof SimSetup['json'], v: string) => onChange({ ...value, json: { ...value.json, [k]: v } });
  return (
    <details>
      <summary>Contact and pretend answers</summary>
      <label className="field">Phone<input value={value.phone} onChange={(e) => set('phone', e.target.value)} /></label>
      <label className="field">Name<input value={value.name} onChange={(e) => set('name', e.target.value)} /></label>
      <label className="checkbox"><input type="checkbox" checked={value.advanced} onChange={(e) => onChange(toggleAdvanced(value, e.target.checked))} /> Advanced (JSON)</label>
      {!value.advanced ? (
        <>
          <KeyValueRows label="Contact fields" rows={value.fields} onChange={(rows) => set('fields', rows)} />
          {lookupSteps.map((l) => {
            const mock = value.lookups[l.id];
            const setMock = (m: typeof mock) => {
              const { [l.id]: _old, ...rest } = value.lookups;
              set('lookups', m ? { ...rest, [l.id]: m } : rest);
            };
            return (
              <fieldset key={l.id} className="kv">
                <legend>Lookup ‘{l.name}’</legend>
                <label className="field">Pretend it
                  <select value={mock ? String(mock.status) : ''} onChange={(e) => setMock(e.target.value ? { status: Number(e.target.value), rows: mock?.rows ?? [] } : undefined)}>
                    <option value="">Really calls the service</option>
                    {outcomes.map((o) => <option key={o.status} value={o.status}>{o.label}</option>)}
                  </select>
                </label>
                {mock && <KeyValueRows label={`Answer of ‘${l.name}’`} rows={mock.rows} onChange={(rows) => setMock({ ...mock, rows })} />}
              </fieldset>
            );
          })}
          <KeyValueRows label="Start over the API with" keyLabel="Parameter" addText="Add a parameter" rows={value.parameters} onChange={(rows) => set('parameters', rows)} />
          <p className="muted small">With parameters, <strong>Start run</strong> starts the flow as another system would; without, the first message does.</p>
        </>
      ) : (
        <>
          <label className="field">Contact fields (JSON)<textarea className="mono" rows={2} value={value.json.fields} onChange={(e) => setJson('fields', e.target.value)} /></label>
          <label className="field">Lookup answers (JSON by step id)
            <textarea className="mono" rows={3} value={value.json.lookups} onChange={(e) => setJson('lookups', e.target.value)}
              placeholder={`{ "${lookupSteps[0]?.id ?? 'lookup_1'}": { "status": 200, "body": { "status": "shipped" } } }`} />
          </label>
          <label className="field">Start over REST with parameters (JSON, empty: the first message starts the run)
            <textarea className="mono" rows={2} value={value.json.parameters} onChange={(e) => setJson('parameters', e.target.value)} placeholder='{ "date": "Friday 10:00" }' />
          </label>
        </>
      )}
      {error && <p className="error small" role="alert">{error}</p>}
    </details>
  );
}
