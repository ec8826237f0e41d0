import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { analyzeText } from '@moflow/sms';
import { checkTemplate, renderTemplate, sampleContext } from '../../utils/jsonata-check';
import { suggestionsAt } from '../../utils/autocomplete';

/**
 * Message text with `{{ }}` placeholders: encoding and segment count of the text as written and as
 * rendered for a sample contact, the characters that force UCS-2, and autocomplete of contact./vars.
 */
export function TemplateField({ label, value, onChange, sms, extraVars = [] }: {
  label: string; value: string; onChange: (v: string) => void; sms?: boolean; extraVars?: string[];
}) {
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [rendered, setRendered] = useState<string | null>(null);
  const check = checkTemplate(value);
  const suggestions = useMemo(() => suggestionsAt(value, caret, extraVars), [value, caret, extraVars]);
  useEffect(() => { setActive(0); }, [suggestions.items.length]);
  useEffect(() => {
    let cancelled = false;
    if (!check.ok) { setRendered(null); return; }
    void renderTemplate(value, sampleContext).then((r) => { if (!cancelled) setRendered(r.ok ? String(r.value) : null); });
    return () => { cancelled = true; };
  }, [value, check.ok]);
  const analysis = analyzeText(rendered ?? value);

  const accept = (item: string) => {
    const next = value.slice(0, suggestions.from) + item + value.slice(caret);
    onChange(next);
    const pos = suggestions.from + item.length;
    requestAnimationFrame(() => { ref.current?.setSelectionRange(pos, pos); setCaret(pos); });
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!suggestions.items.length) return;
    if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => (a + 1) % suggestions.items.length); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => (a - 1 + suggestions.items.length) % suggestions.items.length); }
    else if (e.key === 'Tab' || e.key === 'Enter') { const item = suggestions.items[active]; if (item) { e.preventDefault(); accept(item); } }
  };

  return (
    <div className="field">
      <label htmlFor={id} className="field-label">{label}</label>
      <textarea id={id} ref={ref} rows={4} value={value} aria-invalid={!check.ok} aria-autocomplete="list"
        aria-controls={suggestions.items.length ? `${id}-sugg` : undefined}
        onChange={(e) => { onChange(e.target.value); setCaret(e.target.selectionStart); }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)} onKeyDown={onKey} />
      {suggestions.items.length > 0 && (
        <ul id={`${id}-sugg`} role="listbox" aria-label="Suggestions" className="suggestions">
          {suggestions.items.map((s, i) => (
            <li key={s} role="option" aria-selected={i === active} className={i === active ? 'active' : ''}
              onMouseDown={(e) => { e.preventDefault(); accept(s); }}>{s}</li>
          ))}
        </ul>
      )}
      {!check.ok && <p className="error small" role="alert" data-testid="template-error">Placeholder error at character {check.position + 1}: {check.message}</p>}
      {sms && (
        <p className="small sms-info" data-testid="segment-info">
          <strong>{analysis.encoding}</strong> · {analysis.characters} characters · <strong>{analysis.segments} segment{analysis.segments === 1 ? '' : 's'}</strong>
          {analysis.nonGsmCharacters.length > 0 && (
            <span className="warning"> · UCS-2 because of: {analysis.nonGsmCharacters.map((c) => <code key={c} className="ucs2-char">{c}</code>)}</span>
          )}
        </p>
      )}
      {sms && rendered !== null && rendered !== value && <p className="small muted">Preview: {rendered}</p>}
    </div>
  );
}
