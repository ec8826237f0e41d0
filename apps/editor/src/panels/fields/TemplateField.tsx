import { useContext, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { analyzeText } from '@moflow/sms';
import { checkTemplate, renderTemplate, sampleContext } from '../../utils/jsonata-check';
import { closeBraces, suggestionPool, suggestionsAt, type Suggestion } from '../../utils/autocomplete';
import { SuggestionPoolContext } from './suggestion-pool';

/**
 * Message text with `{{ }}` placeholders: encoding and segment count of the text as written and as
 * rendered for a sample contact, the characters that force UCS-2. Typing `{{` closes the braces and
 * lists what can go inside in plain words (contact, what earlier steps saved, the message).
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
  const provided = useContext(SuggestionPoolContext);
  const pool = useMemo(() => provided ?? suggestionPool(extraVars.map((v) => ({ path: `vars.${v}`, label: v, nodeId: '' }))), [provided, extraVars]);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const found = useMemo(() => suggestionsAt(value, caret, pool), [value, caret, pool]);
  const suggestions = dismissed === found.from ? { from: found.from, items: [] as Suggestion[] } : found;
  useEffect(() => { setActive(0); }, [suggestions.items.length]);
  useEffect(() => {
    let cancelled = false;
    if (!check.ok) { setRendered(null); return; }
    void renderTemplate(value, sampleContext).then((r) => { if (!cancelled) setRendered(r.ok ? String(r.value) : null); });
    return () => { cancelled = true; };
  }, [value, check.ok]);
  const analysis = analyzeText(rendered ?? value);

  // The caret moves after React has written the new value, else the write puts it at the end.
  const pendingCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    const pos = pendingCaret.current;
    if (pos === null || !ref.current) return;
    pendingCaret.current = null;
    ref.current.setSelectionRange(pos, pos);
  });
  const moveCaret = (pos: number) => { pendingCaret.current = pos; setCaret(pos); };
  const accept = (s: Suggestion) => {
    const next = value.slice(0, suggestions.from) + s.path + value.slice(caret);
    onChange(next);
    moveCaret(suggestions.from + s.path.length);
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!suggestions.items.length) return;
    if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => (a + 1) % suggestions.items.length); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => (a - 1 + suggestions.items.length) % suggestions.items.length); }
    else if (e.key === 'Tab' || e.key === 'Enter') { const item = suggestions.items[active]; if (item) { e.preventDefault(); accept(item); } }
    else if (e.key === 'Escape') { e.preventDefault(); setDismissed(suggestions.from); }
  };

  return (
    <div className="field">
      <label htmlFor={id} className="field-label">{label}</label>
      <textarea id={id} ref={ref} rows={4} value={value} aria-invalid={!check.ok} aria-autocomplete="list"
        aria-controls={suggestions.items.length ? `${id}-sugg` : undefined}
        onChange={(e) => {
          const at = e.target.selectionStart;
          const closed = closeBraces(value, e.target.value, at);
          setDismissed(null);
          if (closed) { onChange(closed.text); moveCaret(closed.caret); } else { onChange(e.target.value); setCaret(at); }
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)} onKeyDown={onKey} />
      {suggestions.items.length > 0 && (
        <ul id={`${id}-sugg`} role="listbox" aria-label="Suggestions" className="suggestions">
          {suggestions.items.map((s, i) => (
            <li key={s.path} role="option" aria-selected={i === active} className={i === active ? 'active' : ''}
              onMouseDown={(e) => { e.preventDefault(); accept(s); }}>
              <span className="sugg-label">{s.label}</span> <code className="sugg-path">{s.path}</code>
            </li>
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
