import { useState } from 'react';
import { Check, Copy } from 'lucide-react';

/** A read-only value with a copy button (webhook URLs to paste into a provider's console). */
export function CopyField({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(value);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <label className="field"><span className="field-label">{label}</span>
      <span className="copy-field">
        <input readOnly value={value} aria-label={label} onFocus={(e) => e.target.select()} />
        <button type="button" className="icon-button" onClick={() => void copy()} aria-label={`Copy ${label}`}>
          {copied ? <><Check size={14} aria-hidden="true" />Copied</> : <><Copy size={14} aria-hidden="true" />Copy</>}
        </button>
      </span>
    </label>
  );
}
