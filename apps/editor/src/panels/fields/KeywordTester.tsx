import { useId, useState } from 'react';
import { testKeywords, type MatchSpec } from '../../utils/keyword-match';

export function KeywordTester({ spec }: { spec: MatchSpec }) {
  const id = useId();
  const [text, setText] = useState('');
  const r = testKeywords(text, spec);
  return (
    <div className="field tester">
      <label htmlFor={id} className="field-label">Test a message</label>
      <input id={id} value={text} placeholder="e.g. join please" onChange={(e) => setText(e.target.value)} />
      {text && (
        <p className={`small ${r.matched ? 'ok' : 'error'}`} role="status" data-testid="keyword-test-result">
          <strong>{r.matched ? 'Matches' : 'No match'}</strong>{r.matchedBy && r.matchedBy !== 'exact' ? ` (${r.matchedBy})` : ''}: {r.reason}
        </p>
      )}
    </div>
  );
}
