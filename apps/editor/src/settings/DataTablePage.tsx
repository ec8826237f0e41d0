import { useState } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DataRowDto, DataTableDto } from '@moflow/api-contract';
import { navigate } from '../use-hash-route';
import { dataTablesApi, errorWords, splitColumns } from './data-tables-api';

/** One data table: its rows (edit, add, delete), CSV import and export, its columns, who uses it. */
export function DataTablePage({ name }: { name: string }) {
  const qc = useQueryClient();
  const table = useQuery({ queryKey: ['data-table', name], queryFn: () => dataTablesApi.get(name) });
  const rows = useInfiniteQuery({
    queryKey: ['data-table-rows', name], initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => dataTablesApi.rows(name, pageParam), getNextPageParam: (p) => p.nextCursor,
  });
  const refresh = async () => {
    await Promise.all([qc.invalidateQueries({ queryKey: ['data-table', name] }), qc.invalidateQueries({ queryKey: ['data-table-rows', name] }),
      qc.invalidateQueries({ queryKey: ['data-tables'] })]);
  };
  const remove = useMutation({ mutationFn: () => dataTablesApi.remove(name), onSuccess: async () => { await qc.invalidateQueries({ queryKey: ['data-tables'] }); navigate('#/settings/data-tables'); } });
  const deleteRow = useMutation({ mutationFn: (key: string) => dataTablesApi.deleteRow(name, key), onSuccess: refresh });
  const [editing, setEditing] = useState<DataRowDto | 'new' | null>(null);

  if (table.error) return <p role="alert" className="error">{table.error.message} <a href="#/settings/data-tables">Back to data tables</a></p>;
  const t = table.data;
  if (!t) return <p role="status">Loading…</p>;
  const all = rows.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="console-page" aria-labelledby="table-title">
      <p><a href="#/settings/data-tables">← Data tables</a></p>
      <h1 id="table-title">{t.name}</h1>
      {t.description && <p className="muted">{t.description}</p>}
      <p>
        {t.rowCount.toLocaleString('en')} rows · key column <strong>{t.keyColumn}</strong> · used by{' '}
        {t.usedBy.length === 0 ? 'no flow' : t.usedBy.map((f, i) => <span key={f.id}>{i > 0 && ', '}<a href={`#/flows/${encodeURIComponent(f.id)}`}>{f.name}</a></span>)}
      </p>
      <div className="row">
        <button type="button" className="primary" onClick={() => setEditing('new')}>Add row</button>
        <a className="button" href={dataTablesApi.exportUrl(t.name)} download={`${t.name}.csv`}>Export CSV</a>
        <button type="button" className="danger" disabled={t.usedBy.length > 0} title={t.usedBy.length > 0 ? 'Flows still use this table' : undefined}
          onClick={() => { if (window.confirm(`Delete the table "${t.name}" and its ${t.rowCount} rows? This cannot be undone.`)) remove.mutate(); }}>Delete table…</button>
      </div>
      {remove.error && <p role="alert" className="error">{errorWords(remove.error)}</p>}
      {editing && <RowForm table={t} row={editing === 'new' ? null : editing} onDone={async () => { setEditing(null); await refresh(); }} onCancel={() => setEditing(null)} />}
      <table className="data-table" aria-label="Rows">
        <thead><tr>{t.columns.map((c) => <th key={c}>{c}</th>)}<th /></tr></thead>
        <tbody>
          {all.map((r) => (
            <tr key={r.key} data-testid={`row-${r.key}`}>
              {t.columns.map((c) => <td key={c}>{c === t.keyColumn ? r.key : cellText(r.row[c])}</td>)}
              <td className="row">
                <button type="button" onClick={() => setEditing(r)}>Edit</button>
                <button type="button" className="danger" onClick={() => { if (window.confirm(`Delete the row ${r.key}?`)) deleteRow.mutate(r.key); }}>Delete</button>
              </td>
            </tr>
          ))}
          {rows.data && all.length === 0 && <tr><td colSpan={t.columns.length + 1} className="muted">No rows: add one or import a CSV file.</td></tr>}
        </tbody>
      </table>
      {rows.hasNextPage && <button type="button" onClick={() => void rows.fetchNextPage()} disabled={rows.isFetchingNextPage}>More rows</button>}
      <ImportForm table={t} onDone={refresh} />
      <ColumnsForm table={t} onDone={refresh} />
    </section>
  );
}

function cellText(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

function RowForm({ table, row, onDone, onCancel }: { table: DataTableDto; row: DataRowDto | null; onDone: () => Promise<void>; onCancel: () => void }) {
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(table.columns.map((c) => [c, row ? (c === table.keyColumn ? row.key : cellText(row.row[c])) : ''])));
  const save = useMutation({
    mutationFn: () => {
      const key = values[table.keyColumn]?.trim() ?? '';
      return dataTablesApi.putRow(table.name, key, Object.fromEntries(table.columns.filter((c) => c !== table.keyColumn).map((c) => [c, values[c] ?? ''])));
    },
    onSuccess: onDone,
  });
  return (
    <form className="card" aria-label={row ? `Edit row ${row.key}` : 'New row'} onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
      <h2>{row ? `Row ${row.key}` : 'New row'}</h2>
      {table.columns.map((c) => (
        <label key={c} className="field"><span className="field-label">{c}{c === table.keyColumn ? ' (key)' : ''}</span>
          <input aria-label={c} value={values[c] ?? ''} readOnly={row !== null && c === table.keyColumn}
            onChange={(e) => setValues({ ...values, [c]: e.target.value })} /></label>
      ))}
      {save.error && <p role="alert" className="error">{errorWords(save.error)}</p>}
      <div className="row">
        <button type="submit" className="primary" disabled={!values[table.keyColumn]?.trim() || save.isPending}>Save row</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

function ImportForm({ table, onDone }: { table: DataTableDto; onDone: () => Promise<void> }) {
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const run = useMutation({ mutationFn: async () => dataTablesApi.importCsv(table.name, await file!.text(), mode), onSuccess: onDone });
  return (
    <form className="card" aria-label="Import CSV" onSubmit={(e) => {
      e.preventDefault();
      if (mode === 'replace' && !window.confirm(`Replace all ${table.rowCount} rows of "${table.name}" with the file's rows?`)) return;
      run.mutate();
    }}>
      <h2>Import CSV</h2>
      <p className="muted small">First line: column names ({table.columns.join(', ')}), with the key column {table.keyColumn}. Every line is checked before anything is saved.</p>
      <input type="file" accept=".csv,text/csv" aria-label="CSV file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      <fieldset><legend>Rows already in the table</legend>
        <label className="checkbox"><input type="radio" name="mode" checked={mode === 'merge'} onChange={() => setMode('merge')} />Keep them; add or update rows by key</label>
        <label className="checkbox"><input type="radio" name="mode" checked={mode === 'replace'} onChange={() => setMode('replace')} />Replace the whole table with the file</label>
      </fieldset>
      {run.data && <p role="status">Imported {run.data.imported} rows; the table has {run.data.rowCount}.</p>}
      {run.error && <p role="alert" className="error">{errorWords(run.error)}</p>}
      <div className="row"><button type="submit" disabled={!file || run.isPending}>Import</button></div>
    </form>
  );
}

function ColumnsForm({ table, onDone }: { table: DataTableDto; onDone: () => Promise<void> }) {
  const [text, setText] = useState(table.columns.join(', '));
  const [description, setDescription] = useState(table.description ?? '');
  const save = useMutation({ mutationFn: () => dataTablesApi.update(table.name, { columns: splitColumns(text), description }), onSuccess: onDone });
  return (
    <form className="card" aria-label="Columns and description" onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
      <h2>Columns and description</h2>
      <label className="field"><span className="field-label">Columns</span><input aria-label="Table columns" value={text} onChange={(e) => setText(e.target.value)} />
        <span className="muted small">Separated by commas; the key column {table.keyColumn} stays.</span></label>
      <label className="field"><span className="field-label">Description</span><input aria-label="Table description" value={description} onChange={(e) => setDescription(e.target.value)} /></label>
      {save.error && <p role="alert" className="error">{errorWords(save.error)}</p>}
      <div className="row"><button type="submit">Save</button></div>
    </form>
  );
}
