import type { NodeConfig } from '@moflow/flow-spec';
import { Select, TextInput } from './fields/inputs';

type SubCfg = NodeConfig<'subscribe'>;
type EndCfg = NodeConfig<'end'>;

export function SubscribePanel({ config, onChange }: { config: SubCfg; onChange: (c: SubCfg) => void }) {
  return (
    <>
      <Select label="Action" value={config.action} options={['subscribe', 'unsubscribe'] as const} onChange={(action) => onChange({ ...config, action })} />
      <TextInput label="List" value={config.list} onChange={(list) => onChange({ ...config, list })} />
    </>
  );
}

export function EndPanel({ config, onChange }: { config: EndCfg; onChange: (c: EndCfg) => void }) {
  return (
    <>
      <Select label="Run status" value={config.status} options={['completed', 'failed'] as const} onChange={(status) => onChange({ ...config, status })} />
      <TextInput label="Reason (optional)" value={config.reason ?? ''}
        onChange={(v) => { const { reason: _r, ...rest } = config; onChange(v ? { ...rest, reason: v } : rest); }} />
    </>
  );
}
