import type { NodeConfig } from '@moflow/flow-spec';
import { TemplateField } from './fields/TemplateField';
import { Checkbox, Select, TextInput } from './fields/inputs';

type Cfg = NodeConfig<'ticket'>;

export function TicketPanel({ config, onChange, knownVars }: { config: Cfg; onChange: (c: Cfg) => void; knownVars: string[] }) {
  const set = <K extends keyof Cfg>(k: K, v: Cfg[K]) => onChange({ ...config, [k]: v });
  return (
    <>
      <TemplateField label="Subject" value={config.subject} extraVars={knownVars} onChange={(v) => set('subject', v)} />
      <TemplateField label="Body" value={config.body} extraVars={knownVars} onChange={(v) => set('body', v)} />
      <TextInput label="Team" value={config.team} onChange={(v) => set('team', v)} />
      <Select label="Priority" value={config.priority} options={['low', 'normal', 'high', 'urgent'] as const} onChange={(v) => set('priority', v)} />
      <Checkbox label="Forward to the helpdesk webhook" checked={config.forward} onChange={(v) => set('forward', v)} />
      <TextInput label="Ticket id goes into vars." value={config.resultVar} mono onChange={(v) => set('resultVar', v)} />
    </>
  );
}
