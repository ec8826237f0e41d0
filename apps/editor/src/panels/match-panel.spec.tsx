import { describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { nodeCatalogue, type NodeConfig } from '@moflow/flow-spec';
import { MatchPanel } from './MatchPanel';
import { WaitPanel } from './WaitPanel';

type Match = NodeConfig<'match'>;
function Harness({ initial, spy }: { initial: Match; spy: (c: Match) => void }) {
  const [config, setConfig] = useState(initial);
  return <MatchPanel config={config} knownVars={['size']} onChange={(c) => { spy(c); setConfig(c); }} />;
}

describe('MatchPanel', () => {
  it('starts as a form: test the contact’s reply or a saved reply, answers by name; formulas and output ids only under Advanced', async () => {
    const user = userEvent.setup();
    const spy = vi.fn();
    render(<Harness initial={nodeCatalogue.match.defaultConfig()} spy={spy} />);
    const test = screen.getByLabelText('Test');
    expect(test).toHaveDisplayValue('The contact’s reply');
    expect(screen.queryByLabelText('Text to test (JSONata)')).toBeNull();
    expect(screen.queryByLabelText('Output id')).toBeNull();
    expect(screen.queryByText(/JSONata/)).toBeNull();

    await user.selectOptions(test, 'The saved reply “size”');
    expect(spy).toHaveBeenLastCalledWith(expect.objectContaining({ input: 'vars.size' }));

    await user.click(screen.getByRole('button', { name: 'Add answer' }));
    const added = spy.mock.lastCall?.[0] as Match;
    expect(added.cases.at(-1)).toMatchObject({ label: `Answer ${added.cases.length}`, mode: 'only_word' });
    await user.clear(screen.getAllByLabelText('Answer name (shown on the output)').at(-1)!);
    await user.type(screen.getAllByLabelText('Answer name (shown on the output)').at(-1)!, 'Medium');
    expect((spy.mock.lastCall?.[0] as Match).cases.at(-1)?.label).toBe('Medium');

    await user.click(screen.getByRole('checkbox', { name: /^Advanced/ }));
    expect(screen.getByLabelText('Text to test (JSONata)')).toHaveValue('vars.size');
    expect(screen.getAllByLabelText('Output id')).toHaveLength(added.cases.length);
  });

  it('opens on Advanced when the flow already tests a formula', () => {
    render(<Harness initial={{ ...nodeCatalogue.match.defaultConfig(), input: '$uppercase(message.text)' }} spy={vi.fn()} />);
    expect(screen.getByLabelText('Test')).toHaveDisplayValue('A formula (JSONata)…');
    expect(screen.getByLabelText('Text to test (JSONata)')).toHaveValue('$uppercase(message.text)');
  });
});

describe('WaitPanel', () => {
  it('asks where to save the reply in plain words', async () => {
    const user = userEvent.setup();
    const spy = vi.fn();
    function W() {
      const [c, setC] = useState(nodeCatalogue.wait.defaultConfig());
      return <WaitPanel config={c} onChange={(n) => { spy(n); setC(n); }} />;
    }
    render(<W />);
    const field = screen.getByLabelText('Save the reply as');
    await user.clear(field);
    await user.type(field, 'size');
    expect(spy).toHaveBeenLastCalledWith(expect.objectContaining({ resultVar: 'size' }));
    expect(screen.getByText('{{ vars.size }}')).toBeInTheDocument();
  });
});
