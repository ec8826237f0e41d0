import { matchCaseModes, type MatchCase, type NodeConfig } from '@moflow/flow-spec';
import { freshId } from '../utils/ids';
import { ExpressionField } from './fields/ExpressionField';
import { KeywordChips } from './fields/KeywordChips';
import { KeywordTester } from './fields/KeywordTester';
import { Checkbox, NumberInput, Select, TextInput } from './fields/inputs';

type Cfg = NodeConfig<'match'>;
const wordModes = new Set(['first_word', 'only_word', 'any_word', 'all_words', 'phrase', 'starts_with', 'exact']);

function CaseEditor({ c, index, onChange, onRemove }: { c: MatchCase; index: number; onChange: (c: MatchCase) => void; onRemove?: () => void }) {
  const set = <K extends keyof MatchCase>(k: K, v: MatchCase[K]) => onChange({ ...c, [k]: v });
  return (
    <fieldset className="case">
      <legend>Case {index + 1}: output “{c.label ?? c.id}”</legend>
      <TextInput label="Output id" value={c.id} mono onChange={(v) => set('id', v)} />
      <TextInput label="Label" value={c.label ?? ''} onChange={(v) => { const { label: _l, ...rest } = c; onChange(v ? { ...rest, label: v } : rest); }} />
      <Select label="Mode" value={c.mode} options={matchCaseModes} onChange={(v) => set('mode', v)} />
      {wordModes.has(c.mode) && <KeywordChips label={`Values of case ${index + 1}`} values={c.values} onChange={(v) => set('values', v)} />}
      {c.mode === 'regex' && <TextInput label="Pattern" value={c.pattern ?? ''} mono onChange={(v) => set('pattern', v)} />}
      {(c.mode === 'number' || c.mode === 'number_between') && (
        <div className="row">
          <NumberInput label="Min" value={c.min} onChange={(v) => set('min', v)} />
          <NumberInput label="Max" value={c.max} onChange={(v) => set('max', v)} />
        </div>
      )}
      {c.mode === 'expression' && <ExpressionField label="Condition (JSONata)" value={c.expression ?? ''} onChange={(v) => set('expression', v)} />}
      {c.mode !== 'expression' && (
        <>
          <Checkbox label="Typo tolerance" checked={c.typoTolerance} onChange={(v) => set('typoTolerance', v)} />
          <KeywordTester spec={{ mode: c.mode, values: c.values, ...(c.pattern ? { pattern: c.pattern } : {}), ...(c.min !== undefined ? { min: c.min } : {}),
            ...(c.max !== undefined ? { max: c.max } : {}), foldAccents: c.foldAccents, foldLookalikes: c.foldLookalikes, typoTolerance: c.typoTolerance }} />
        </>
      )}
      {onRemove && <button type="button" onClick={onRemove}>Remove case {index + 1}</button>}
    </fieldset>
  );
}

export function MatchPanel({ config, onChange }: { config: Cfg; onChange: (c: Cfg) => void }) {
  const addCase = () => {
    const id = freshId('case', new Set(config.cases.map((c) => c.id)));
    onChange({ ...config, cases: [...config.cases, { id, mode: 'first_word', values: [], foldAccents: true, foldLookalikes: true, typoTolerance: false }] });
  };
  return (
    <>
      <ExpressionField label="Text to test (JSONata)" value={config.input} onChange={(input) => onChange({ ...config, input })} />
      {config.cases.map((c, i) => (
        <CaseEditor key={i} c={c} index={i}
          onChange={(next) => onChange({ ...config, cases: config.cases.map((x, j) => (j === i ? next : x)) })}
          onRemove={config.cases.length > 1 ? () => onChange({ ...config, cases: config.cases.filter((_, j) => j !== i) }) : undefined} />
      ))}
      <button type="button" onClick={addCase}>Add case</button>
      <p className="muted small">Messages matching no case leave by <strong>other</strong>.</p>
    </>
  );
}
