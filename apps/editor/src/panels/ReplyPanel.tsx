import type { NodeConfig } from '@moflow/flow-spec';
import { TemplateField } from './fields/TemplateField';
import { TextInput } from './fields/inputs';

type Cfg = NodeConfig<'reply'>;

export function ReplyPanel({ config, onChange, knownVars }: { config: Cfg; onChange: (c: Cfg) => void; knownVars: string[] }) {
  return (
    <>
      <TemplateField label="Message text" value={config.text} sms extraVars={knownVars} onChange={(text) => onChange({ ...config, text })} />
      <p className="muted small">Type <code>{'{{'}</code> to insert contact or variable values.</p>
      <TextInput label="Send from channel (optional)" value={config.channelId ?? ''} placeholder="channel of the run"
        onChange={(v) => { const { channelId: _c, ...rest } = config; onChange(v ? { ...rest, channelId: v } : rest); }} />
    </>
  );
}
