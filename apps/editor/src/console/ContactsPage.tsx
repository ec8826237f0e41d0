import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { UserDto } from '@moflow/api-contract';
import { Search } from 'lucide-react';
import { consoleApi } from '../api/console-api';
import { hrefFor, navigate } from '../use-hash-route';
import { looksLikeNumber, when } from './format';
import { Pager } from './Pager';
import { ContactPage } from './ContactPage';
import { useCursorPages } from './use-cursor-pages';

/** Contacts: search by a number typed any way, or by name; a contact's page at #/contacts/:id. */
export function ContactsPage({ user, rest, query }: { user: UserDto; rest: string[]; query: Record<string, string> }) {
  if (rest[0]) return <ContactPage key={rest[0]} contactId={rest[0]} user={user} />;
  return <ContactSearch query={query} />;
}

function ContactSearch({ query }: { query: Record<string, string> }) {
  const typed = query['search'] ?? '';
  const [text, setText] = useState(typed);
  const filter = typed ? (looksLikeNumber(typed) ? { phone: typed } : { q: typed }) : {};
  const key = JSON.stringify(filter);
  const pages = useCursorPages(key);
  const list = useQuery({ queryKey: ['contacts', key, pages.cursor], queryFn: () => consoleApi.contacts({ ...filter, cursor: pages.cursor, limit: 50 }) });
  return (
    <section className="console-page" aria-labelledby="contacts-title">
      <h1 id="contacts-title">Contacts</h1>
      <form className="filters" role="search" onSubmit={(e) => { e.preventDefault(); navigate(hrefFor(['contacts'], { search: text.trim() })); }}>
        <label>Number or name<input type="search" aria-label="Search contacts" value={text} onChange={(e) => setText(e.target.value)}
          placeholder="+44 7700 900123, 07700 900123 or Ada" style={{ minWidth: 320 }} /></label>
        <button type="submit" className="icon-button"><Search size={14} aria-hidden="true" />Search</button>
      </form>
      {list.error && <p role="alert" className="error">{list.error.message}</p>}
      <table className="data-table" aria-label="Contacts">
        <thead><tr><th>Number</th><th>Name</th><th>Lists</th><th>First seen</th></tr></thead>
        <tbody>
          {(list.data?.items ?? []).map((c) => (
            <tr key={c.id}>
              <td><a href={hrefFor(['contacts', c.id])}>{c.phone}</a></td>
              <td>{c.name ?? <span className="muted">no name</span>}</td>
              <td>{c.subscriptions.map((s) => <span key={s} className="chip">{s}</span>)}</td>
              <td className="small">{when(c.createdAt)}</td>
            </tr>
          ))}
          {list.data?.items.length === 0 && <tr><td colSpan={4} className="muted">{typed ? 'No contact matches.' : 'No contacts yet.'}</td></tr>}
        </tbody>
      </table>
      <Pager page={pages.page} nextCursor={list.data?.nextCursor} onNewer={pages.newer} onOlder={pages.older} />
    </section>
  );
}
