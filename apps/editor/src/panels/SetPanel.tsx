import type { NodeConfig } from '@moflow/flow-spec';
import { ExpressionField } from './fields/ExpressionField';
import { TextInput } from './fields/inputs';

type Cfg = NodeConfig<'set'>;

export function SetPanel({ config, onChange }: { config: Cfg; onChange: (c: Cfg) => void }) {
  const update = (i: number, patch: Partial<Cfg['assignments'][number]>) =>
    onChange({ assignments: config.assignments.map((a, j) => (j === i ? { ...a, ...patch } : a)) });
  return (
    <>
      {config.assignments.map((a, i) => (
        <fieldset key={i}>
          <legend>Assignment {i + 1}</legend>
          <TextInput label="Target (vars.NAME, contact.name, contact.fields.NAME)" value={a.target} mono onChange={(v) => update(i, { target: v })} />
          <ExpressionField label="Value (JSONata)" value={a.expression} onChange={(v) => update(i, { expression: v })} />
          {config.assignments.length > 1 && (
            <button type="button" onClick={() => onChange({ assignments: config.assignments.filter((_, j) => j !== i) })}>Remove assignment {i + 1}</button>
          )}
        </fieldset>
      ))}
      <button type="button" onClick={() => onChange({ assignments: [...config.assignments, { target: 'vars.value', expression: 'message.text' }] })}>Add assignment</button>
    </>
  );
}
