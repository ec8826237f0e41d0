import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { consoleApi, type ChannelBody, type ChannelDto, type ProviderSchemaDto } from '../api/console-api';
import { ApiRequestError } from '../api/client';
import { hrefFor, navigate } from '../use-hash-route';
import { ChannelStatusPanel } from './ChannelStatusPanel';
import { CopyField } from './CopyField';
import { ProviderFields, type FieldValues } from './ProviderFields';
import { initialRules, rulesBody, SendingRulesFields } from './SendingRulesFields';

/** Loads the channel (or none, for a new one) and the provider schemas, then shows the form. */
export function ChannelEditor({ channelId }: { channelId: string | null }) {
  const providers = useQuery({ queryKey: ['providers'], queryFn: consoleApi.providers, staleTime: Infinity });
  const channel = useQuery({ queryKey: ['channel', channelId], queryFn: () => consoleApi.channel(channelId!), enabled: channelId !== null });
  if (providers.error || channel.error) return <p role="alert" className="error">{(providers.error ?? channel.error)?.message}</p>;
  if (!providers.data || (channelId && !channel.data)) return <p role="status">Loading…</p>;
  return <ChannelForm schemas={providers.data} channel={channel.data ?? null} />;
}

function initialValues(schema: ProviderSchemaDto | undefined, channel: ChannelDto | null): FieldValues {
  const v: FieldValues = {};
  for (const f of schema?.fields ?? []) {
    if (f.in === 'credentials') v[f.key] = '';
    else v[f.key] = (channel?.connection[f.key] as string | number | boolean | undefined) ?? (f.type === 'boolean' ? (f.default ?? false) : '');
  }
  return v;
}

function ChannelForm({ schemas, channel }: { schemas: ProviderSchemaDto[]; channel: ChannelDto | null }) {
  const qc = useQueryClient();
  const [provider, setProvider] = useState(channel?.provider ?? 'twilio');
  const schema = schemas.find((s) => s.provider === provider);
  const [name, setName] = useState(channel?.name ?? '');
  const [address, setAddress] = useState(channel?.address ?? '');
  const [region, setRegion] = useState(channel?.defaultRegion ?? '');
  const [values, setValues] = useState<FieldValues>(() => initialValues(schema, channel));
  const [rules, setRules] = useState(() => initialRules(channel));
  const [confirmDelete, setConfirmDelete] = useState(false);
  const remove = useMutation({
    mutationFn: () => consoleApi.deleteChannel(channel!.id),
    onSuccess: async () => { await qc.invalidateQueries({ queryKey: ['channels'] }); navigate(hrefFor(['settings', 'channels'])); },
  });
  const chooseProvider = (p: string) => { setProvider(p); setValues(initialValues(schemas.find((s) => s.provider === p), null)); };

  const save = useMutation({
    mutationFn: () => {
      const connection: Record<string, unknown> = {};
      const credentials: Record<string, unknown> = {};
      for (const f of schema?.fields ?? []) {
        const value = values[f.key];
        if (f.in === 'credentials') { if (value !== '' && value !== undefined) credentials[f.key] = value; continue; }
        if (value === '' || value === undefined) { if (channel && channel.connection[f.key] !== undefined) connection[f.key] = null; continue; }
        connection[f.key] = f.type === 'integer' ? Number(value) : value;
      }
      const body: ChannelBody = {
        name: name.trim(), connection, ...(region ? { defaultRegion: region.toUpperCase() } : {}), ...(Object.keys(credentials).length ? { credentials } : {}), ...rulesBody(rules),
      };
      return channel ? consoleApi.updateChannel(channel.id, body) : consoleApi.createChannel({ ...body, provider, address: address.trim() });
    },
    onSuccess: async (saved) => {
      await qc.invalidateQueries({ queryKey: ['channels'] });
      qc.setQueryData(['channel', saved.id], saved);
      if (!channel) navigate(hrefFor(['settings', 'channels', saved.id]));
    },
  });
  const problems = save.error instanceof ApiRequestError ? (save.error.body.problems ?? []) : [];
  const errorAt = (path: string) => problems.find((p) => p.path === path)?.message;

  return (
    <section className="console-page" aria-labelledby="channel-title">
      <p className="small"><a href={hrefFor(['settings', 'channels'])}>← Channels</a></p>
      <h1 id="channel-title">{channel ? channel.name : 'Add a channel'}</h1>
      <div className="split">
        <form className="card" aria-label="Channel settings" onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
          <label className="field"><span className="field-label">Provider</span>
            <select value={provider} disabled={channel !== null} onChange={(e) => chooseProvider(e.target.value)} aria-label="Provider">
              {schemas.map((s) => <option key={s.provider} value={s.provider}>{s.label}</option>)}
            </select>
            {schema && <span className="muted small">{schema.description}</span>}
          </label>
          <label className="field"><span className="field-label">Name</span>
            <input aria-label="Name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. UK support line" />
            {errorAt('name') && <span className="error small">{errorAt('name')}</span>}</label>
          <label className="field"><span className="field-label">Number or sender id</span>
            <input aria-label="Number" value={address} disabled={channel !== null} onChange={(e) => setAddress(e.target.value)} placeholder="+447700900123" />
            <span className="muted small">E.164 number, short code or alphanumeric sender; cannot change after creation.</span>
            {errorAt('address') && <span className="error small">{errorAt('address')}</span>}</label>
          <label className="field"><span className="field-label">Default country</span>
            <input aria-label="Default country" value={region} maxLength={2} onChange={(e) => setRegion(e.target.value)} placeholder="GB" />
            <span className="muted small">For numbers that arrive without a country code.</span>
            {errorAt('defaultRegion') && <span className="error small">{errorAt('defaultRegion')}</span>}</label>
          {schema && <ProviderFields schema={schema} values={values} storedSecrets={channel?.credentialFields ?? []}
            onChange={(key, value) => setValues((v) => ({ ...v, [key]: value }))} errorAt={errorAt} />}
          <h2>Sending rules</h2>
          <SendingRulesFields rules={rules} onChange={setRules} errorAt={errorAt} />
          {save.error && <p role="alert" className="error">{save.error.message}{problems.length > 0 && `: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`}</p>}
          {save.isSuccess && channel && <p role="status" className="ok">Saved.</p>}
          <div className="row"><button type="submit" className="primary" disabled={save.isPending}>{channel ? 'Save changes' : 'Create channel'}</button></div>
        </form>
        {channel && (
          <div className="card">
            <h2>Connect the provider</h2>
            <p className="muted small">Paste these into the provider's console: incoming messages go to the first, delivery reports to the second.</p>
            <CopyField label="Webhook URL" value={channel.webhookUrl} />
            <CopyField label="Status callback URL" value={channel.statusUrl} />
            <ChannelStatusPanel channel={channel} />
            <section aria-label="Delete the channel" className="danger-zone">
              <h2>Delete</h2>
              {!confirmDelete ? <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>Delete channel…</button> : (
                <div className="notice" role="alertdialog" aria-label="Confirm deleting the channel">
                  <p>Delete <strong>{channel.name}</strong> ({channel.address})? Messages to this number will no longer be accepted and flows cannot send
                    from it. Its past messages, runs and consent log stay.</p>
                  <div className="row">
                    <button type="button" className="danger" onClick={() => remove.mutate()} disabled={remove.isPending}>Delete {channel.name}</button>
                    <button type="button" onClick={() => setConfirmDelete(false)}>Keep it</button>
                  </div>
                  {remove.error && <p role="alert" className="error">{remove.error.message}</p>}
                </div>
              )}
            </section>
          </div>
        )}
      </div>
    </section>
  );
}
