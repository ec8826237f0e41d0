import { useId } from 'react';
import type { NodeConfig } from '@moflow/flow-spec';
import { durationUnits, splitDuration, toSeconds, type DurationUnit } from '../utils/human-duration';
import { NumberInput, TextInput } from './fields/inputs';

type Cfg = NodeConfig<'wait'>;

export function WaitPanel({ config, onChange }: { config: Cfg; onChange: (c: Cfg) => void }) {
  const id = useId();
  const { amount, unit } = splitDuration(config.timeoutSeconds);
  const setTimeout = (a: number, u: DurationUnit) => onChange({ ...config, timeoutSeconds: toSeconds(a, u) });
  return (
    <>
      <div className="field">
        <label htmlFor={id} className="field-label">Give up after</label>
        <div className="row">
          <input id={id} type="number" min={1} value={amount} aria-label="Timeout amount"
            onChange={(e) => setTimeout(Math.max(0, Number(e.target.value) || 0), unit)} />
          <select aria-label="Timeout unit" value={unit} onChange={(e) => setTimeout(amount, e.target.value as DurationUnit)}>
            {durationUnits.map((u) => <option key={u.unit} value={u.unit}>{u.unit}</option>)}
          </select>
        </div>
        <p className="muted small">If no reply comes in time, the flow goes on through <strong>Timeout</strong>; a reply goes on through <strong>Reply</strong>.</p>
      </div>
      <TextInput label="Save the reply as" value={config.resultVar} onChange={(v) => onChange({ ...config, resultVar: v })} />
      <p className="muted small">Later steps can use it: a Match can test it, a message can say <code>{`{{ vars.${config.resultVar || 'reply'} }}`}</code>.</p>
      <NumberInput label="Collect follow-up messages for (seconds, 0 = off)" value={config.collectSeconds} min={0} max={600}
        onChange={(v) => onChange({ ...config, collectSeconds: v ?? 0 })} />
    </>
  );
}
