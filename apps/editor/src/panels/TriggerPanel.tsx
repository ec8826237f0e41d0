import { textMatchModes, type NodeConfig } from '@moflow/flow-spec';
import { KeywordChips } from './fields/KeywordChips';
import { KeywordTester } from './fields/KeywordTester';
import { Checkbox, Select } from './fields/inputs';

type Cfg = NodeConfig<'trigger'>;
const modeHelp: Partial<Record<Cfg['match'], string>> = {
  first_word: 'the first word is a keyword ("JOIN now" starts it)',
  only_word: 'the message is just the keyword ("JOIN!" yes, "join now" no)',
  any_word: 'a keyword appears anywhere',
};

export function TriggerPanel({ config, onChange }: { config: Cfg; onChange: (c: Cfg) => void }) {
  const set = <K extends keyof Cfg>(k: K, v: Cfg[K]) => onChange({ ...config, [k]: v });
  return (
    <>
      <KeywordChips label="Keywords" values={config.keywords} onChange={(v) => set('keywords', v)} />
      <Select label="Match mode" value={config.match} options={textMatchModes.filter((m) => m !== 'regex' && m !== 'number' && m !== 'number_between')}
        onChange={(v) => set('match', v)} />
      {modeHelp[config.match] && <p className="muted small">Starts when {modeHelp[config.match]}.</p>}
      <Checkbox label="Typo tolerance" checked={config.typoTolerance} onChange={(v) => set('typoTolerance', v)} hint="(1 typo from 5 letters, 2 from 9)" />
      <Checkbox label="Ignore accents" checked={config.foldAccents} onChange={(v) => set('foldAccents', v)} />
      <KeywordTester spec={{ mode: config.match, values: config.keywords, foldAccents: config.foldAccents, foldLookalikes: config.foldLookalikes, typoTolerance: config.typoTolerance }} />
      <fieldset>
        <legend>Also start</legend>
        <Checkbox label="For any message no other flow claims (catch-all)" checked={config.catchAll} onChange={(v) => set('catchAll', v)} />
        <Checkbox label="Through the REST API" checked={config.rest} onChange={(v) => set('rest', v)} />
        <Checkbox label="Interrupt a waiting conversation" checked={config.interrupt} onChange={(v) => set('interrupt', v)} />
      </fieldset>
      <KeywordChips label="Channels (* = all)" values={config.channels} onChange={(v) => set('channels', v)} />
    </>
  );
}
