import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role, UserDto } from '@moflow/api-contract';
import { consoleApi } from '../api/console-api';
import { when } from '../console/format';

const roleHelp: Record<Role, string> = {
  admin: 'Everything, including users, API keys, channels and secrets.',
  editor: 'Builds and publishes flows; sees runs.',
  ops: 'Runs, messages, tickets and contacts; flows read-only.',
};

/** Settings → Users and roles. */
export function UsersPage({ user }: { user: UserDto }) {
  const qc = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: consoleApi.users });
  const [form, setForm] = useState({ email: '', name: '', password: '', role: 'ops' as Role });
  const refresh = () => qc.invalidateQueries({ queryKey: ['users'] });
  const create = useMutation({ mutationFn: () => consoleApi.createUser({ ...form, name: form.name || undefined }), onSuccess: async () => { setForm({ email: '', name: '', password: '', role: 'ops' }); await refresh(); } });
  const change = useMutation({ mutationFn: (v: { id: string; role: Role }) => consoleApi.updateUser(v.id, { role: v.role }), onSuccess: refresh });
  const remove = useMutation({ mutationFn: (id: string) => consoleApi.removeUser(id), onSuccess: refresh });
  return (
    <section className="console-page" aria-labelledby="users-title">
      <h1 id="users-title">Users and roles</h1>
      <table className="data-table" aria-label="Users">
        <thead><tr><th>E-mail</th><th>Name</th><th>Role</th><th>Since</th><th /></tr></thead>
        <tbody>
          {(users.data ?? []).map((u) => (
            <tr key={u.id}>
              <td>{u.email}</td><td>{u.name}</td>
              <td><select aria-label={`Role of ${u.email}`} value={u.role} disabled={u.id === user.id} onChange={(e) => change.mutate({ id: u.id, role: e.target.value as Role })}>
                {(['admin', 'editor', 'ops'] as const).map((r) => <option key={r} value={r}>{r}</option>)}</select></td>
              <td className="small">{when(u.createdAt)}</td>
              <td>{u.id !== user.id && <button type="button" className="danger" onClick={() => { if (window.confirm(`Remove ${u.email}? They can no longer sign in.`)) remove.mutate(u.id); }}>Remove</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {(change.error ?? remove.error) && <p role="alert" className="error">{(change.error ?? remove.error)?.message}</p>}
      <form className="card" aria-label="Add a user" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        <h2>Add a user</h2>
        <div className="filters">
          <label>E-mail<input aria-label="E-mail" type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} /></label>
          <label>Name<input aria-label="User name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
          <label>Password<input aria-label="Initial password" type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} /></label>
          <label>Role<select aria-label="New user role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {(['admin', 'editor', 'ops'] as const).map((r) => <option key={r} value={r}>{r}</option>)}</select></label>
          <button type="submit" className="primary">Add user</button>
        </div>
        <p className="muted small">{roleHelp[form.role]}</p>
        {create.error && <p role="alert" className="error">{create.error.message}</p>}
      </form>
    </section>
  );
}
