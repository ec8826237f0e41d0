import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { when } from '../console/format';
import { errorWords, splitColumns as splitList } from './data-tables-api';
import { secretsApi, type SecretDto } from './secrets-api';

/**
 * Settings → Secrets: names a lookup refers to as {{ secrets.NAME }}, with the hosts each may be
 * sent to. Values are write-only: typed here, stored encrypted, never shown again by anyone.
 */
export function SecretsPage() {
  const qc = useQueryClient();
  const secrets = useQuery({ queryKey: ['secrets'], queryFn: secretsApi.list });
  const [replacing, setReplacing] = useState<SecretDto | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['secrets'] });
  const remove = useMutation({ mutationFn: (name: string) => secretsApi.remove(name), onSuccess: refresh });
  return (
    <section className="console-page" aria-labelledby="secrets-title">
      <h1 id="secrets-title">Secrets</h1>
      <p className="muted">API keys and passwords that lookups use, e.g. in a header <code>{'Bearer {{ secrets.CRM_TOKEN }}'}</code>. A value is never shown after it is saved; a lookup may send it only to the hosts listed.</p>
      {secrets.error && <p role="alert" className="error">{secrets.error.message}</p>}
      <table className="data-table" aria-label="Secrets">
        <thead><tr><th>Name</th><th>May be sent to</th><th>Changed</th><th /></tr></thead>
        <tbody>
          {(secrets.data ?? []).map((s) => (
            <tr key={s.name}>
              <td className="mono">{s.name}</td>
              <td>{s.hosts.length ? s.hosts.map((h) => <span key={h} className="chip">{h}</span>) : <span className="muted">its own URL's host</span>}</td>
              <td className="small">{when(s.updatedAt)}</td>
              <td className="row">
                <button type="button" onClick={() => setReplacing(s)}>Replace value</button>
                <button type="button" className="danger" onClick={() => { if (window.confirm(`Delete the secret ${s.name}? Lookups that use it will fail.`)) remove.mutate(s.name); }}>Delete</button>
              </td>
            </tr>
          ))}
          {secrets.data?.length === 0 && <tr><td colSpan={4} className="muted">No secrets yet.</td></tr>}
        </tbody>
      </table>
      {remove.error && <p role="alert" className="error">{errorWords(remove.error)}</p>}
      <SecretForm key={replacing?.name ?? 'new'} existing={replacing} onDone={async () => { setReplacing(null); await refresh(); }} onCancel={() => setReplacing(null)} />
    </section>
  );
}

function SecretForm({ existing, onDone, onCancel }: { existing: SecretDto | null; onDone: () => Promise<void>; onCancel: () => void }) {
  const [name, setName] = useState(existing?.name ?? '');
  const [value, setValue] = useState('');
  const [hosts, setHosts] = useState(existing?.hosts.join(', ') ?? '');
  const save = useMutation({
    mutationFn: () => secretsApi.put(name.trim(), value, hosts.trim() ? splitList(hosts) : undefined),
    onSuccess: async () => { setValue(''); if (!existing) { setName(''); setHosts(''); } await onDone(); },
  });
  return (
    <form className="card" aria-label={existing ? `Replace ${existing.name}` : 'Add a secret'} onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
      <h2>{existing ? `Replace ${existing.name}` : 'Add a secret'}</h2>
      {!existing && <label className="field"><span className="field-label">Name</span>
        <input aria-label="Secret name" value={name} onChange={(e) => setName(e.target.value)} placeholder="CRM_TOKEN" />
        <span className="muted small">Letters, digits and _; used as {'{{ secrets.NAME }}'}.</span></label>}
      <label className="field"><span className="field-label">Value</span>
        <input aria-label="Secret value" type="password" autoComplete="new-password" value={value} onChange={(e) => setValue(e.target.value)} />
        <span className="muted small">Stored encrypted; nobody can read it back.</span></label>
      <label className="field"><span className="field-label">May be sent to</span>
        <input aria-label="Allowed hosts" value={hosts} onChange={(e) => setHosts(e.target.value)} placeholder="crm.example.com, *.example.org" />
        <span className="muted small">Host names, *.domain or IP addresses, separated by commas. Leave empty when the value is a base URL (its own host).</span></label>
      {save.error && <p role="alert" className="error">{errorWords(save.error)}</p>}
      <div className="row">
        <button type="submit" className="primary" disabled={!name.trim() || !value || save.isPending}>{existing ? 'Replace value' : 'Add secret'}</button>
        {existing && <button type="button" onClick={onCancel}>Cancel</button>}
      </div>
    </form>
  );
}
