import { useState, type KeyboardEvent } from 'react';

/**
 * Keywords as removable chips; Enter or comma adds what was typed. `flagged` chips (folded to upper
 * case) are marked, with the reason as their title; `onDraft` hears the text being typed.
 */
export function KeywordChips({ label, values, onChange, flagged, onDraft }: {
  label: string; values: string[]; onChange: (v: string[]) => void; flagged?: ReadonlyMap<string, string>; onDraft?: (text: string) => void;
}) {
  const [draft, setDraftState] = useState('');
  const setDraft = (text: string) => { setDraftState(text); onDraft?.(text); };
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
          <span key={v} className={flagged?.has(v.toUpperCase()) ? 'chip flagged' : 'chip'} role="listitem" title={flagged?.get(v.toUpperCase())}>
            {v}
            <button type="button" className="chip-remove" aria-label={`Remove ${v}`} onClick={() => onChange(values.filter((x) => x !== v))}>×</button>
          </span>
        ))}
        <input aria-label={`Add to ${label}`} value={draft} placeholder="Type and press Enter" onChange={(e) => setDraft(e.target.value)} onKeyDown={onKey} onBlur={add} />
      </div>
    </div>
  );
}
