import { useState, type KeyboardEvent } from 'react';

/** Keywords as removable chips; Enter or comma adds what was typed. */
export function KeywordChips({ label, values, onChange }: { label: string; values: string[]; onChange: (v: string[]) => void }) {
  const [draft, setDraft] = useState('');
  const add = () => {
    const words = draft.split(',').map((w) => w.trim()).filter(Boolean);
    const next = [...values];
    for (const w of words) if (!next.some((v) => v.toLowerCase() === w.toLowerCase())) next.push(w);
    if (next.length !== values.length) onChange(next);
    setDraft('');
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',') { e.preventDefault(); add(); }
    else if (e.key === 'Backspace' && draft === '' && values.length) onChange(values.slice(0, -1));
  };
  return (
    <div className="field">
      <span className="field-label">{label}</span>
      <div className="chips editable" role="list" aria-label={label}>
        {values.map((v) => (
          <span key={v} className="chip" role="listitem">
            {v}
            <button type="button" className="chip-remove" aria-label={`Remove ${v}`} onClick={() => onChange(values.filter((x) => x !== v))}>×</button>
          </span>
        ))}
        <input aria-label={`Add to ${label}`} value={draft} placeholder="Type and press Enter" onChange={(e) => setDraft(e.target.value)} onKeyDown={onKey} onBlur={add} />
      </div>
    </div>
  );
}
