import { useEffect, useId, useState } from 'react';
import { checkExpression, evaluateExpression, sampleContext } from '../../utils/jsonata-check';

/**
 * A JSONata input: syntax errors are underlined at their position and the value against the sample
 * context is shown live, so a marketer sees what `vars.rating >= 4` gives before publishing.
 */
export function ExpressionField({ label, value, onChange, optional }: { label: string; value: string; onChange: (v: string) => void; optional?: boolean }) {
  const id = useId();
  const check = value ? checkExpression(value) : { ok: true as const };
  const [live, setLive] = useState<string>('');
  useEffect(() => {
    let cancelled = false;
    if (!value || !check.ok) { setLive(''); return; }
    const t = setTimeout(() => {
      void evaluateExpression(value, sampleContext).then((r) => {
        if (!cancelled) setLive(r.ok ? (r.value === undefined ? 'undefined (nothing)' : JSON.stringify(r.value)) : `error: ${r.message}`);
      });
    }, 150);
    return () => { cancelled = true; clearTimeout(t); };
  }, [value, check.ok]);
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">{label}{optional ? <span className="muted"> (optional)</span> : null}</label>
      <div className="expr-wrap">
        <input id={id} className={`mono ${check.ok ? '' : 'invalid'}`} value={value} spellCheck={false} aria-invalid={!check.ok}
          aria-describedby={`${id}-msg`} onChange={(e) => onChange(e.target.value)} />
        {!check.ok && (
          // Mirror of the text with the offending character underlined; sits under the transparent-free input.
          <div className="expr-underline mono" aria-hidden>
            <span className="invisible">{value.slice(0, check.position)}</span>
            <span className="squiggle">{value.slice(check.position, check.position + 1) || ' '}</span>
          </div>
        )}
      </div>
      <div id={`${id}-msg`} className="small" role={check.ok ? undefined : 'alert'}>
        {!check.ok ? <span className="error" data-testid="expression-error">Syntax error at character {check.position + 1}: {check.message}</span>
          : live ? <span className="muted">Sample value: <code data-testid="expression-value">{live}</code></span> : null}
      </div>
    </div>
  );
}
