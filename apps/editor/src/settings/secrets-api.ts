import { api } from '../api/client';

export interface SecretDto { name: string; hosts: string[]; createdAt: string; updatedAt: string }
export interface AllowEntryDto { id: string; entry: string; note: string | null; createdAt: string }

/** Secrets (names, hosts and times only: values go in, never come back) and the lookup allow-list. */
export const secretsApi = {
  list: () => api<SecretDto[]>('GET', '/secrets'),
  put: (name: string, value: string, hosts?: string[]) => api<SecretDto>('PUT', `/secrets/${encodeURIComponent(name)}`, { value, ...(hosts ? { hosts } : {}) }),
  remove: (name: string) => api<void>('DELETE', `/secrets/${encodeURIComponent(name)}`),
  allowlist: () => api<AllowEntryDto[]>('GET', '/settings/lookup-allowlist'),
  allow: (entry: string, note?: string) => api<AllowEntryDto>('POST', '/settings/lookup-allowlist', { entry, ...(note ? { note } : {}) }),
  disallow: (id: string) => api<void>('DELETE', `/settings/lookup-allowlist/${encodeURIComponent(id)}`),
};
