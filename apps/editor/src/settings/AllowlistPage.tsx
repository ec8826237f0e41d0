import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { when } from '../console/format';
import { errorWords } from './data-tables-api';
import { secretsApi } from './secrets-api';

/**
 * Settings → Lookup allow-list: private hosts, addresses and ranges that lookups may reach anyway
 * (public addresses need no entry; everything private or local is refused unless listed here).
 */
export function AllowlistPage() {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['lookup-allowlist'], queryFn: secretsApi.allowlist });
  const [entry, setEntry] = useState('');
  const [note, setNote] = useState('');
  const refresh = () => qc.invalidateQueries({ queryKey: ['lookup-allowlist'] });
  const add = useMutation({ mutationFn: () => secretsApi.allow(entry.trim(), note.trim() || undefined), onSuccess: async () => { setEntry(''); setNote(''); await refresh(); } });
  const remove = useMutation({ mutationFn: (id: string) => secretsApi.disallow(id), onSuccess: refresh });
  return (
    <section className="console-page" aria-labelledby="allow-title">
      <h1 id="allow-title">Lookup allow-list</h1>
      <p className="muted">Lookups may call any public address. Private and local ones (10.x, 192.168.x, localhost, internal names…) are refused unless listed here, so a flow cannot be used to reach your internal network by accident.</p>
      {list.error && <p role="alert" className="error">{list.error.message}</p>}
      <table className="data-table" aria-label="Allowed private hosts">
        <thead><tr><th>Host, address or range</th><th>Note</th><th>Added</th><th /></tr></thead>
        <tbody>
          {(list.data ?? []).map((a) => (
            <tr key={a.id}>
              <td className="mono">{a.entry}</td><td>{a.note ?? ''}</td><td className="small">{when(a.createdAt)}</td>
              <td><button type="button" className="danger" onClick={() => { if (window.confirm(`Remove ${a.entry}? Lookups to it will be refused.`)) remove.mutate(a.id); }}>Remove</button></td>
            </tr>
          ))}
          {list.data?.length === 0 && <tr><td colSpan={4} className="muted">Nothing listed: lookups reach public addresses only.</td></tr>}
        </tbody>
      </table>
      {remove.error && <p role="alert" className="error">{errorWords(remove.error)}</p>}
      <form className="card" aria-label="Allow a private host" onSubmit={(e) => { e.preventDefault(); add.mutate(); }}>
        <h2>Allow a private host</h2>
        <label className="field"><span className="field-label">Host, address or range</span>
          <input aria-label="Host, address or range" value={entry} onChange={(e) => setEntry(e.target.value)} placeholder="crm.internal, 10.1.2.3 or 10.0.0.0/8" /></label>
        <label className="field"><span className="field-label">Note</span><input aria-label="Note" value={note} onChange={(e) => setNote(e.target.value)} placeholder="Why it is allowed" /></label>
        {add.error && <p role="alert" className="error">{errorWords(add.error)}</p>}
        <div className="row"><button type="submit" className="primary" disabled={!entry.trim() || add.isPending}>Allow</button></div>
      </form>
    </section>
  );
}
