import { useMemo, useState } from 'react';
import { textMatchModes, type NodeConfig } from '@moflow/flow-spec';
import { useKeywordClashes } from './fields/use-keyword-clashes';
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
  // The keyword being typed is checked too: the clash shows before Enter, not only after Publish.
  const [typing, setTyping] = useState('');
  const asked = useMemo(() => {
    const words = typing.split(',').map((w) => w.trim()).filter(Boolean);
    return [...config.keywords, ...words.filter((w) => !config.keywords.some((k) => k.toLowerCase() === w.toLowerCase()))];
  }, [config.keywords, typing]);
  const clashes = useKeywordClashes(asked, config.channels);
  const flagged = useMemo(() => new Map(clashes.map((c) => [c.keyword.toUpperCase(), c.message])), [clashes]);
  return (
    <>
      <KeywordChips label="Keywords" values={config.keywords} onChange={(v) => set('keywords', v)} flagged={flagged} onDraft={setTyping} />
      {clashes.length > 0 && (
        <ul className="problems-inline" aria-label="Keywords other flows use" data-testid="keyword-clashes">
          {clashes.map((c) => (
            <li key={`${c.keyword}|${c.channel}|${c.flow.id}`} className="error">
              {c.message} Publishing would be refused: pick another keyword, or archive “{c.flow.name}” first.
            </li>
          ))}
        </ul>
      )}
      {config.keywords.length === 0 && !config.catchAll && !config.rest && <p className="muted small">Type the keyword a contact texts to start this flow, then press Enter.</p>}
      <Select label="Match mode" value={config.match} options={textMatchModes.filter((m) => m !== 'regex' && m !== 'number' && m !== 'number_between')}
        onChange={(v) => set('match', v)} />
      {modeHelp[config.match] && <p className="muted small">Starts when {modeHelp[config.match]}.</p>}
      <Checkbox label="Typo tolerance" checked={config.typoTolerance} onChange={(v) => set('typoTolerance', v)} hint="(1 typo from 4 letters, 2 from 9; never in shorter words or words with digits)" />
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
