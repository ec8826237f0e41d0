import type { ConsentEventEntity, ContactChannelStateEntity, ContactEntity } from '@moflow/data-access';

/** Times leave the API as ISO-8601 strings, as everywhere else (rows keep epoch milliseconds). */
const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export function mapContact(c: ContactEntity) {
  return { ...c, createdAt: iso(c.createdAt), updatedAt: iso(c.updatedAt) };
}

export function mapContactWithChannels(c: ContactEntity, channels: ContactChannelStateEntity[]) {
  return { ...mapContact(c), channels: channels.map((s) => ({ ...s, ...isoFields(s as unknown as Record<string, unknown>) })) };
}

export function mapConsent(e: ConsentEventEntity) {
  return { ...e, at: iso(e.at) };
}

/** Every `...At` number of a row as ISO text. */
function isoFields(row: Record<string, unknown>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(row)) if (k.endsWith('At') && (typeof v === 'number' || v === null)) out[k] = iso(v);
  return out;
}
