import type { ProviderSchemaDto } from '../api/console-api';

export type FieldValues = Record<string, string | number | boolean>;

/**
 * The fields of one provider, from its schema: plain settings as inputs, secrets as write-only
 * password inputs (never filled from the server; empty keeps the stored value).
 */
export function ProviderFields({ schema, values, storedSecrets, onChange, errorAt }: {
  schema: ProviderSchemaDto; values: FieldValues; storedSecrets: string[];
  onChange: (key: string, value: string | boolean) => void; errorAt: (path: string) => string | undefined;
}) {
  return (
    <fieldset>
      <legend>{schema.label} settings</legend>
      {schema.fields.map((f) => {
        const path = `${f.in}.${f.key}`;
        const error = errorAt(path);
        const stored = f.in === 'credentials' && storedSecrets.includes(f.key);
        const label = `${f.label}${f.required ? '' : ' (optional)'}`;
        if (f.type === 'boolean') {
          return (
            <label key={path} className="checkbox">
              <input type="checkbox" checked={values[f.key] === true} onChange={(e) => onChange(f.key, e.target.checked)} />{f.label}
              <span className="muted small"> — {f.help}</span>
            </label>
          );
        }
        return (
          <label key={path} className="field"><span className="field-label">{label}</span>
            {f.type === 'enum'
              ? <select aria-label={f.label} value={String(values[f.key] ?? '')} onChange={(e) => onChange(f.key, e.target.value)}>
                <option value="">{f.default !== undefined ? `Default (${String(f.default)})` : 'Choose…'}</option>
                {(f.options ?? []).map((o) => <option key={o}>{o}</option>)}</select>
              : <input aria-label={f.label} type={f.secret ? 'password' : f.type === 'integer' ? 'number' : 'text'} autoComplete={f.secret ? 'new-password' : 'off'}
                value={String(values[f.key] ?? '')} onChange={(e) => onChange(f.key, e.target.value)}
                placeholder={stored ? 'Stored — leave empty to keep' : f.example !== undefined ? String(f.example) : f.default !== undefined ? String(f.default) : ''} />}
            <span className="muted small">{f.help}{f.secret ? ' Write-only: never shown again.' : ''}</span>
            {error && <span className="error small">{error}</span>}
          </label>
        );
      })}
    </fieldset>
  );
}
