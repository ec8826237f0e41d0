import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { hrefFor, navigate } from '../use-hash-route';
import { DataTablePage } from './DataTablePage';
import { dataTablesApi, errorWords, splitColumns } from './data-tables-api';

/** Settings → Data tables: the tables lookups read (kind "table"), and a form to add one. */
export function DataTablesPage({ rest }: { rest: string[] }) {
  if (rest[0]) return <DataTablePage key={rest[0]} name={rest[0]} />;
  return <DataTablesList />;
}

function DataTablesList() {
  const qc = useQueryClient();
  const tables = useQuery({ queryKey: ['data-tables'], queryFn: dataTablesApi.list });
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [columnsText, setColumnsText] = useState('');
  const [keyColumn, setKeyColumn] = useState('');
  const columns = splitColumns(columnsText);
  const key = columns.includes(keyColumn) ? keyColumn : (columns[0] ?? '');
  const create = useMutation({
    mutationFn: () => dataTablesApi.create({ name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}), columns, keyColumn: key }),
    onSuccess: async (t) => { await qc.invalidateQueries({ queryKey: ['data-tables'] }); navigate(hrefFor(['settings', 'data-tables', t.name])); },
  });
  return (
    <section className="console-page" aria-labelledby="tables-title">
      <h1 id="tables-title">Data tables</h1>
      <p className="muted">Rows that a flow's lookup step finds by key (lookup kind “Data table”), e.g. stores by ZIP code.</p>
      {tables.error && <p role="alert" className="error">{tables.error.message}</p>}
      <table className="data-table" aria-label="Data tables">
        <thead><tr><th>Name</th><th>Columns</th><th>Rows</th><th>Used by</th></tr></thead>
        <tbody>
          {(tables.data ?? []).map((t) => (
            <tr key={t.name}>
              <td><a href={hrefFor(['settings', 'data-tables', t.name])}>{t.name}</a>{t.description && <div className="muted small">{t.description}</div>}</td>
              <td>{t.columns.map((c) => <span key={c} className="chip">{c === t.keyColumn ? `${c} (key)` : c}</span>)}</td>
              <td>{t.rowCount.toLocaleString('en')}</td>
              <td>{t.usedBy.length === 0 ? <span className="muted">no flow</span> : t.usedBy.map((f) => <a key={f.id} href={`#/flows/${encodeURIComponent(f.id)}`} className="chip">{f.name}</a>)}</td>
            </tr>
          ))}
          {tables.data?.length === 0 && <tr><td colSpan={4} className="muted">No data tables yet.</td></tr>}
        </tbody>
      </table>
      <form className="card" aria-label="Create a data table" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        <h2>New table</h2>
        <label className="field"><span className="field-label">Name</span>
          <input aria-label="Table name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. stores" />
          <span className="muted small">Letters, digits, _ and -: the name a lookup step uses.</span></label>
        <label className="field"><span className="field-label">Description</span><input aria-label="Description" value={description} onChange={(e) => setDescription(e.target.value)} /></label>
        <label className="field"><span className="field-label">Columns</span>
          <input aria-label="Columns" value={columnsText} onChange={(e) => setColumnsText(e.target.value)} placeholder="zip, city, phone" />
          <span className="muted small">Separated by commas.</span></label>
        <label className="field"><span className="field-label">Key column</span>
          <select aria-label="Key column" value={key} onChange={(e) => setKeyColumn(e.target.value)} disabled={columns.length === 0}>
            {columns.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
          <span className="muted small">The column a lookup finds a row by (e.g. the ZIP code or phone number).</span></label>
        {create.error && <p role="alert" className="error">{errorWords(create.error)}</p>}
        <div className="row"><button type="submit" className="primary" disabled={!name.trim() || columns.length === 0 || create.isPending}>Create table</button></div>
      </form>
    </section>
  );
}
