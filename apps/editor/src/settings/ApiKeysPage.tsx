import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiKeyScope } from '@moflow/api-contract';
import { consoleApi } from '../api/console-api';
import { when } from '../console/format';
import { CopyField } from './CopyField';

const scopes: Array<{ scope: ApiKeyScope; help: string }> = [
  { scope: 'flows:execute', help: 'Start flows (REST trigger)' },
  { scope: 'flows:read', help: 'Read flows' },
  { scope: 'runs:read', help: 'Read runs and their steps' },
];

const lifetimes: Array<{ days: number | null; label: string }> = [
  { days: 30, label: '30 days' }, { days: 90, label: '90 days' }, { days: 365, label: '1 year' }, { days: null, label: 'Never' },
];

/** Settings → API keys: scopes and lifetime chosen in the form, the key shown once, revoke, creator, last use. */
export function ApiKeysPage() {
  const qc = useQueryClient();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: consoleApi.apiKeys });
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<ApiKeyScope[]>(['flows:execute']);
  const [days, setDays] = useState<number | null>(90);
  const refresh = () => qc.invalidateQueries({ queryKey: ['api-keys'] });
  const create = useMutation({ mutationFn: () => consoleApi.createApiKey({ name: name.trim(), scopes: chosen, ...(days ? { expiresInDays: days } : {}) }), onSuccess: async () => { setName(''); await refresh(); } });
  const revoke = useMutation({ mutationFn: (id: string) => consoleApi.revokeApiKey(id), onSuccess: refresh });
  return (
    <section className="console-page" aria-labelledby="keys-title">
      <h1 id="keys-title">API keys</h1>
      {create.data && (
        <div className="notice" role="status">
          <strong>Copy the key now: it is not shown again.</strong>
          <CopyField label="New API key" value={create.data.key} />
          <p className="small">{create.data.expiresAt ? `It stops working ${when(create.data.expiresAt)}.` : 'It never expires: revoke it when it is no longer needed.'}</p>
        </div>
      )}
      <table className="data-table" aria-label="API keys">
        <thead><tr><th>Name</th><th>Key</th><th>Scopes</th><th>Created</th><th>Created by</th><th>Expires</th><th>Last used</th><th /></tr></thead>
        <tbody>
          {(keys.data ?? []).map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td><td className="mono">{k.prefix}…</td><td>{k.scopes.map((s) => <span key={s} className="chip">{s}</span>)}</td>
              <td className="small">{when(k.createdAt)}</td>
              <td className="small">{k.createdBy ? k.createdBy.email : <span className="muted">a deleted user (revoked with them)</span>}</td>
              <td className="small">{k.expiresAt ? when(k.expiresAt) : <span className="muted">never</span>}</td><td className="small">{k.lastUsedAt ? when(k.lastUsedAt) : <span className="muted">never</span>}</td>
              <td>{k.revokedAt ? <span className="muted small">revoked {when(k.revokedAt)}</span>
                : <button type="button" className="danger" onClick={() => { if (window.confirm(`Revoke "${k.name}"? Calls with it stop working at once.`)) revoke.mutate(k.id); }}>Revoke</button>}</td>
            </tr>
          ))}
          {keys.data?.length === 0 && <tr><td colSpan={8} className="muted">No API keys.</td></tr>}
        </tbody>
      </table>
      <form className="card" aria-label="Create an API key" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        <h2>Create a key</h2>
        <label className="field"><span className="field-label">Name</span><input aria-label="Key name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. CRM integration" /></label>
        <fieldset><legend>Scopes</legend>
          {scopes.map((s) => (
            <label key={s.scope} className="checkbox"><input type="checkbox" checked={chosen.includes(s.scope)}
              onChange={(e) => setChosen(e.target.checked ? [...chosen, s.scope] : chosen.filter((x) => x !== s.scope))} />{s.scope}<span className="muted small"> — {s.help}</span></label>
          ))}
        </fieldset>
        <label className="field"><span className="field-label">Expires after</span>
          <select aria-label="Expires after" value={days ?? 'never'} onChange={(e) => setDays(e.target.value === 'never' ? null : Number(e.target.value))}>
            {lifetimes.map((l) => <option key={l.label} value={l.days ?? 'never'}>{l.label}</option>)}
          </select>
        </label>
        {create.error && <p role="alert" className="error">{create.error.message}</p>}
        <div className="row"><button type="submit" className="primary" disabled={!name.trim() || chosen.length === 0}>Create key</button></div>
      </form>
    </section>
  );
}
