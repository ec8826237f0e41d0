import { useState } from 'react';
import { type MatchCase, type NodeConfig } from '@moflow/flow-spec';
import { freshId } from '../utils/ids';
import { ExpressionField } from './fields/ExpressionField';
import { KeywordChips } from './fields/KeywordChips';
import { KeywordTester } from './fields/KeywordTester';
import { Checkbox, NumberInput, Select, TextInput } from './fields/inputs';

type Cfg = NodeConfig<'match'>;
type Mode = MatchCase['mode'];
const wordModes = new Set<Mode>(['first_word', 'only_word', 'any_word', 'all_words', 'phrase', 'starts_with', 'exact']);
const advancedModes = new Set<Mode>(['regex', 'expression']);
const modeLabels: Record<Mode, string> = {
  first_word: 'starts with one of these words', only_word: 'is just one of these words', any_word: 'contains any of these words',
  all_words: 'contains all of these words', phrase: 'contains this phrase', starts_with: 'starts with', exact: 'is exactly',
  number: 'is a number', number_between: 'is a number between', regex: 'matches a pattern (regular expression)', expression: 'makes a condition true (JSONata)',
};
const REPLY = 'message.text';
const CUSTOM = '__custom__';

function CaseEditor({ c, index, advanced, onChange, onRemove }: { c: MatchCase; index: number; advanced: boolean; onChange: (c: MatchCase) => void; onRemove?: () => void }) {
  const set = <K extends keyof MatchCase>(k: K, v: MatchCase[K]) => onChange({ ...c, [k]: v });
  const name = c.label ?? (c.values.length ? c.values.join(', ') : `Answer ${index + 1}`);
  const modes = (Object.keys(modeLabels) as Mode[]).filter((m) => advanced || !advancedModes.has(m) || m === c.mode);
  return (
    <fieldset className="case">
      <legend>Answer {index + 1}: “{name}”</legend>
      <TextInput label="Answer name (shown on the output)" value={c.label ?? ''} placeholder={c.values.join(', ') || `Answer ${index + 1}`}
        onChange={(v) => { const { label: _l, ...rest } = c; onChange(v ? { ...rest, label: v } : rest); }} />
      <Select label="The reply…" value={c.mode} options={modes.map((m) => ({ value: m, label: modeLabels[m] }))} onChange={(v) => set('mode', v)} />
      {wordModes.has(c.mode) && <KeywordChips label={`Words of answer ${index + 1}`} values={c.values} onChange={(v) => set('values', v)} />}
      {c.mode === 'regex' && <TextInput label="Pattern" value={c.pattern ?? ''} mono onChange={(v) => set('pattern', v)} />}
      {(c.mode === 'number' || c.mode === 'number_between') && (
        <div className="row">
          <NumberInput label="From" value={c.min} onChange={(v) => set('min', v)} />
          <NumberInput label="To" value={c.max} onChange={(v) => set('max', v)} />
        </div>
      )}
      {c.mode === 'expression' && <ExpressionField label="Condition (JSONata)" value={c.expression ?? ''} onChange={(v) => set('expression', v)} />}
      {c.mode !== 'expression' && (
        <>
          <Checkbox label="Accept small typos" checked={c.typoTolerance} onChange={(v) => set('typoTolerance', v)} />
          <KeywordTester spec={{ mode: c.mode, values: c.values, ...(c.pattern ? { pattern: c.pattern } : {}), ...(c.min !== undefined ? { min: c.min } : {}),
            ...(c.max !== undefined ? { max: c.max } : {}), foldAccents: c.foldAccents, foldLookalikes: c.foldLookalikes, typoTolerance: c.typoTolerance }} />
        </>
      )}
      {advanced && <TextInput label="Output id" value={c.id} mono onChange={(v) => set('id', v)} />}
      {onRemove && <button type="button" onClick={onRemove}>Remove answer {index + 1}</button>}
    </fieldset>
  );
}

/**
 * A form first: what to test (the contact's reply, or a reply saved earlier) and the answers to
 * look for. The JSONata input, output ids and pattern/condition modes sit behind "Advanced".
 */
export function MatchPanel({ config, onChange, knownVars = [] }: { config: Cfg; onChange: (c: Cfg) => void; knownVars?: string[] }) {
  const sources = [{ value: REPLY, label: 'The contact’s reply' }, ...knownVars.map((v) => ({ value: `vars.${v}`, label: `The saved reply “${v}”` }))];
  const custom = !sources.some((s) => s.value === config.input);
  const [advanced, setAdvanced] = useState(custom || config.cases.some((c) => advancedModes.has(c.mode)));
  const addCase = () => {
    const id = freshId('case', new Set(config.cases.map((c) => c.id)));
    onChange({ ...config, cases: [...config.cases, { id, label: `Answer ${config.cases.length + 1}`, mode: 'only_word', values: [], foldAccents: true, foldLookalikes: true, typoTolerance: false }] });
  };
  return (
    <>
      <Checkbox label="Advanced" checked={advanced} onChange={setAdvanced} hint="(formulas, output ids, patterns)" />
      <Select label="Test" value={custom ? CUSTOM : config.input}
        options={[...sources, ...(custom || advanced ? [{ value: CUSTOM, label: 'A formula (JSONata)…' }] : [])]}
        onChange={(v) => { if (v === CUSTOM) setAdvanced(true); else onChange({ ...config, input: v }); }} />
      {advanced && <ExpressionField label="Text to test (JSONata)" value={config.input} onChange={(input) => onChange({ ...config, input })} />}
      {config.cases.map((c, i) => (
        <CaseEditor key={i} c={c} index={i} advanced={advanced}
          onChange={(next) => onChange({ ...config, cases: config.cases.map((x, j) => (j === i ? next : x)) })}
          onRemove={config.cases.length > 1 ? () => onChange({ ...config, cases: config.cases.filter((_, j) => j !== i) }) : undefined} />
      ))}
      <button type="button" onClick={addCase}>Add answer</button>
      <p className="muted small">A reply matching no answer leaves by <strong>Other</strong>.</p>
    </>
  );
}
