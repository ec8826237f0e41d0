import { useState } from 'react';
import type { HttpLookupConfig, NodeConfig } from '@moflow/flow-spec';
import type { SimulateResponse } from '@moflow/api-contract';
import { flowsApi } from '../api/flows-api';
import { useFlowStore } from '../store/flow-store';
import { ExpressionField } from './fields/ExpressionField';
import { TemplateField } from './fields/TemplateField';
import { NumberInput, Select, TextInput } from './fields/inputs';

type Cfg = NodeConfig<'lookup'>;

/** Runs just this lookup on the server (a REST-started two-node flow), so secrets and SSRF rules apply as in production. */
function TestRequest({ nodeId, config }: { nodeId: string; config: Cfg }) {
  const flowId = useFlowStore((s) => s.flowId);
  const [result, setResult] = useState<SimulateResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    if (!flowId) return;
    setBusy(true); setError(null); setResult(null);
    try {
      setResult(await flowsApi.simulate(flowId, {
        definition: { specVersion: 1, nodes: [
          { id: 'test_start', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: [], rest: true } },
          { id: nodeId, type: 'lookup', position: { x: 0, y: 100 }, config },
        ], edges: [{ id: 'test_e', source: 'test_start', sourceHandle: 'next', target: nodeId }] },
        script: [], parameters: {},
      }));
    } catch (e) { setError(e instanceof Error ? e.message : String(e)); } finally { setBusy(false); }
  };
  const call = result?.events.find((e) => e.type.includes('lookup'));
  return (
    <div className="field">
      <button type="button" onClick={run} disabled={busy || !flowId}>{busy ? 'Sending…' : 'Send test request'}</button>
      {error && <p className="error small" role="alert">{error}</p>}
      {result && (
        <div className="small" role="status">
          <p>Run {result.status}; path: {result.path.join(' → ')}</p>
          {call && <pre className="mono">{JSON.stringify(call, null, 2)}</pre>}
          <p>vars: <code>{JSON.stringify(result.vars)}</code></p>
        </div>
      )}
    </div>
  );
}

export function LookupPanel({ nodeId, config, onChange, knownVars }: { nodeId: string; config: Cfg; onChange: (c: Cfg) => void; knownVars: string[] }) {
  const switchKind = (kind: Cfg['kind']) => {
    if (kind === config.kind) return;
    onChange(kind === 'table'
      ? { kind: 'table', table: 'customers', key: '{{ contact.phone }}' }
      : { kind: 'http', method: 'GET', url: 'https://example.com/api', headers: {}, timeoutMs: 5000, retries: 2, backoffMs: 250, maxResponseBytes: 262144 });
  };
  return (
    <>
      <Select label="Source" value={config.kind} options={[{ value: 'http', label: 'HTTP API' }, { value: 'table', label: 'Data table in Moflow' }] as const} onChange={switchKind} />
      {config.kind === 'http' ? <HttpFields config={config} onChange={onChange} knownVars={knownVars} /> : (
        <>
          <TextInput label="Table" value={config.table} onChange={(table) => onChange({ ...config, table })} />
          <TemplateField label="Key" value={config.key} extraVars={knownVars} onChange={(key) => onChange({ ...config, key })} />
          <ExpressionField label="Mapping into vars (JSONata over {row})" optional value={config.mapping ?? ''}
            onChange={(v) => { const { mapping: _m, ...rest } = config; onChange(v ? { ...rest, mapping: v } : rest); }} />
        </>
      )}
      <TestRequest nodeId={nodeId} config={config} />
    </>
  );
}

function HttpFields({ config, onChange, knownVars }: { config: HttpLookupConfig; onChange: (c: HttpLookupConfig) => void; knownVars: string[] }) {
  const set = <K extends keyof HttpLookupConfig>(k: K, v: HttpLookupConfig[K]) => onChange({ ...config, [k]: v });
  const optional = (k: 'body' | 'mapping' | 'successWhen', v: string) => {
    const { [k]: _drop, ...rest } = config;
    onChange(v ? { ...rest, [k]: v } : rest);
  };
  return (
    <>
      <Select label="Method" value={config.method} options={['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const} onChange={(v) => set('method', v)} />
      <TemplateField label="URL" value={config.url} extraVars={knownVars} onChange={(v) => set('url', v)} />
      {config.method !== 'GET' && <TemplateField label="Body" value={config.body ?? ''} extraVars={knownVars} onChange={(v) => optional('body', v)} />}
      <ExpressionField label="Mapping into vars (JSONata over {status, headers, body})" optional value={config.mapping ?? ''} onChange={(v) => optional('mapping', v)} />
      <ExpressionField label="Success when (default: 2xx status)" optional value={config.successWhen ?? ''} onChange={(v) => optional('successWhen', v)} />
      <div className="row">
        <NumberInput label="Timeout (ms)" value={config.timeoutMs} min={100} max={30000} onChange={(v) => set('timeoutMs', v ?? 5000)} />
        <NumberInput label="Retries" value={config.retries} min={0} max={5} onChange={(v) => set('retries', v ?? 0)} />
      </div>
      <p className="muted small">Secrets: write <code>{'{{ secrets.NAME }}'}</code> in the URL or headers; their values stay on the server and go only to the hosts an admin allowed for each secret.</p>
    </>
  );
}
