import type { Row } from './sim-setup';

/** Name / value pairs with add and remove: contact fields, a lookup's answer, start parameters. */
export function KeyValueRows({ label, rows, onChange, keyLabel = 'Name', addText = 'Add a field' }: {
  label: string; rows: Row[]; onChange: (rows: Row[]) => void; keyLabel?: string; addText?: string;
}) {
  const set = (i: number, r: Row) => onChange(rows.map((x, j) => (j === i ? r : x)));
  return (
    <fieldset className="kv">
      <legend>{label}</legend>
      {rows.map((r, i) => (
        <div className="row kv-row" key={i}>
          <input aria-label={`${label}: ${keyLabel.toLowerCase()} ${i + 1}`} placeholder={keyLabel} value={r.key} onChange={(e) => set(i, { ...r, key: e.target.value })} />
          <input aria-label={`${label}: value ${i + 1}`} placeholder="Value" value={r.value} onChange={(e) => set(i, { ...r, value: e.target.value })} />
          <button type="button" aria-label={`Remove ${r.key || `row ${i + 1}`}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>×</button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, { key: '', value: '' }])}>{addText}</button>
    </fieldset>
  );
}
