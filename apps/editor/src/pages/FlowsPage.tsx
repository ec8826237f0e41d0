import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FlowSummaryDto, UserDto } from '@moflow/api-contract';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { flowsApi } from '../api/flows-api';
import { flowTemplates } from '../templates/flow-templates';
import { can } from '../auth/permissions';
import { hrefFor, navigate } from '../use-hash-route';
import { prefetchFlow } from '../api/flow-prefetch';
import { ConfirmDialog } from '../save/ConfirmDialog';
import { ImportFlowsPanel } from './ImportFlowsPanel';

function timeAgo(iso: string): string {
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(iso).toLocaleDateString();
}

function statusText(f: FlowSummaryDto): string {
  if (f.status === 'archived') return `Archived${f.publishedVersion !== null ? ` (was v${f.publishedVersion})` : ''}`;
  if (f.publishedVersion === null) return 'Draft';
  return `Published v${f.publishedVersion}${f.hasUnpublishedChanges ? ' · unpublished changes' : ''}`;
}

export function FlowsPage({ user }: { user: UserDto }) {
  const mayEdit = can(user.role, 'editFlows');
  const qc = useQueryClient();
  const [showArchived, setShowArchived] = useState(false);
  const flows = useQuery({ queryKey: ['flows', showArchived ? 'with-archived' : 'current'], queryFn: showArchived ? flowsApi.listWithArchived : flowsApi.list });
  const [search, setSearch] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ flow: FlowSummaryDto; action: 'delete' | 'archive' } | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: async ({ flow, action }: { flow: FlowSummaryDto; action: 'delete' | 'archive' | 'duplicate' }) => {
      if (action === 'delete') await flowsApi.remove(flow.id);
      else if (action === 'archive') await flowsApi.archive(flow.id);
      else await flowsApi.duplicate(flow.id);
    },
    onMutate: () => { setAsking(null); setActionError(null); },
    onError: (e) => setActionError(e.message),
    onSettled: () => qc.invalidateQueries({ queryKey: ['flows'] }),
  });
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [name, setName] = useState('');
  const [template, setTemplate] = useState<string>('');
  const create = useMutation({
    mutationFn: (body: { name: string; definition?: FlowDefinitionInput }) => flowsApi.create(body),
    onSuccess: (flow) => navigate({ page: 'flow', id: flow.id }),
  });
  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (flows.data ?? []).filter((f) => !q || f.name.toLowerCase().includes(q) || f.keywords.some((k) => k.toLowerCase().includes(q)));
  }, [flows.data, search]);

  const submitCreate = () => {
    const t = flowTemplates.find((x) => x.id === template);
    if (!name.trim()) { setNameError('Give the flow a name: it is how you find it in this list.'); return; }
    create.mutate({ name: name.trim(), definition: t?.definition ?? { specVersion: 1, nodes: [], edges: [] } });
  };

  return (
    <div className="page">
      <div className="flows">
        <h1>Flows</h1>
        <div className="toolbar">
          <input type="search" aria-label="Search flows" placeholder="Search by name or keyword" value={search} onChange={(e) => setSearch(e.target.value)} />
          {mayEdit && <button type="button" className="primary" onClick={() => setCreating(true)}>New flow</button>}
          {mayEdit && <button type="button" onClick={() => setImporting(true)}>Import from Twilio Studio or TextIt</button>}
          <label className="inline"><input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> Show archived flows</label>
        </div>
        {actionError && <p role="alert" className="error">{actionError}</p>}
        {mayEdit && importing && <ImportFlowsPanel onClose={() => setImporting(false)} />}
        {mayEdit && creating && (
          <section className="card" aria-label="Create a flow">
            <h2>New flow</h2>
            <label>Name<input aria-label="Flow name" value={name} aria-invalid={!!nameError} aria-describedby={nameError ? 'flow-name-error' : undefined}
              onChange={(e) => { setName(e.target.value); setNameError(null); }} placeholder="e.g. Spring promo" /></label>
            {nameError && <p id="flow-name-error" role="alert" className="error">{nameError}</p>}
            <fieldset className="templates">
              <legend>Start from</legend>
              <label className="template"><input type="radio" name="template" checked={template === ''} onChange={() => { setTemplate(''); }} />
                <strong>Empty canvas</strong><span className="muted">Start from scratch.</span></label>
              {flowTemplates.map((t) => (
                <label key={t.id} className="template"><input type="radio" name="template" checked={template === t.id}
                  onChange={() => { setTemplate(t.id); if (!name.trim()) { setName(t.name); setNameError(null); } }} />
                  <strong>{t.name}</strong><span className="muted">{t.description}</span></label>
              ))}
            </fieldset>
            {create.error && <p role="alert" className="error">{create.error.message}</p>}
            <div className="row">
              <button type="button" className="primary" onClick={submitCreate} disabled={create.isPending}>Create</button>
              <button type="button" onClick={() => setCreating(false)}>Cancel</button>
            </div>
          </section>
        )}
        {flows.isPending && <p role="status">Loading flows…</p>}
        {flows.error && <p role="alert" className="error">Could not load flows: {flows.error.message}</p>}
        {flows.data && (
          <table className="flow-table">
            <thead><tr><th>Name</th><th>Keywords</th><th>Status</th><th>Last edited</th><th>Runs (24 h)</th>{mayEdit && <th><span className="sr-only">Actions</span></th>}</tr></thead>
            <tbody>
              {shown.map((f) => (
                <tr key={f.id}>
                  <td><a href={`#/flows/${encodeURIComponent(f.id)}`} onPointerDown={() => prefetchFlow(f.id)}>{f.name}</a></td>
                  <td>{f.keywords.map((k) => <span key={k} className="chip">{k}</span>)}</td>
                  <td>{statusText(f)}</td>
                  <td>{timeAgo(f.updatedAt)}{f.updatedBy ? ` by ${f.updatedBy.name ?? f.updatedBy.email}` : ''}</td>
                  <td><a href={hrefFor(['runs'], { flowId: f.id })} aria-label={`Runs of ${f.name}`}>{f.runsLast24h}</a>
                    {f.publishedVersion !== null && <> · <a href={hrefFor(['analytics', 'flows', f.id])}>analytics</a></>}</td>
                  {mayEdit && (
                    <td className="row-actions">
                      <button type="button" aria-label={`Duplicate ${f.name}`} onClick={() => act.mutate({ flow: f, action: 'duplicate' })}>Duplicate</button>
                      {/* A flow that was published has runs that refer to it: it can be archived, not deleted. */}
                      {f.publishedVersion === null
                        ? <button type="button" className="danger" aria-label={`Delete ${f.name}`} onClick={() => setAsking({ flow: f, action: 'delete' })}>Delete</button>
                        : f.status !== 'archived' && <button type="button" aria-label={`Archive ${f.name}`} onClick={() => setAsking({ flow: f, action: 'archive' })}>Archive</button>}
                    </td>
                  )}
                </tr>
              ))}
              {shown.length === 0 && <tr><td colSpan={mayEdit ? 6 : 5} className="muted">{search ? 'No flow matches your search.' : mayEdit ? 'No flows yet: create one.' : 'No flows yet.'}</td></tr>}
            </tbody>
          </table>
        )}
        {asking && (asking.action === 'delete' ? (
          <ConfirmDialog title={`Delete “${asking.flow.name}”?`} confirmLabel="Delete" onCancel={() => setAsking(null)} onConfirm={() => act.mutate(asking)}>
            <p>This draft was never published. It is deleted for good.</p>
          </ConfirmDialog>
        ) : (
          <ConfirmDialog title={`Archive “${asking.flow.name}”?`} confirmLabel="Archive" onCancel={() => setAsking(null)} onConfirm={() => act.mutate(asking)}>
            <p>Its keywords stop starting it{asking.flow.keywords.length ? ` (${asking.flow.keywords.join(', ')})` : ''}; conversations already under way finish. Its versions and runs stay, and “Show archived flows” lists it. Publishing it again brings it back.</p>
          </ConfirmDialog>
        ))}
      </div>
    </div>
  );
}
