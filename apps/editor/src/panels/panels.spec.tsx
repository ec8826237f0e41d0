import { describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { nodeCatalogue, type NodeConfig } from '@moflow/flow-spec';
import { TriggerPanel } from './TriggerPanel';
import { ReplyPanel } from './ReplyPanel';
import { WaitPanel } from './WaitPanel';
import { ExpressionField } from './fields/ExpressionField';
import { SidePanel } from './SidePanel';
import { useFlowStore, emptyDefinition } from '../store/flow-store';

/** Renders a panel with its config held in state, as the store would, and records every change. */
function Harness<C>({ initial, Panel, spy }: { initial: C; Panel: (p: { config: C; onChange: (c: C) => void; knownVars: string[] }) => React.ReactNode; spy: (c: C) => void }) {
  const [config, setConfig] = useState(initial);
  return <Panel config={config} knownVars={['rating']} onChange={(c) => { spy(c); setConfig(c); }} />;
}

describe('TriggerPanel', () => {
  it('adds keyword chips with Enter, removes them, and tests a message against them', async () => {
    const user = userEvent.setup();
    const spy = vi.fn();
    render(<Harness initial={nodeCatalogue.trigger.defaultConfig()} Panel={TriggerPanel} spy={spy} />);
    const add = screen.getByLabelText('Add to Keywords');
    await user.type(add, 'subscribe{Enter}');
    expect(spy).toHaveBeenLastCalledWith(expect.objectContaining({ keywords: ['JOIN', 'subscribe'] }));
    await user.click(screen.getByRole('button', { name: 'Remove JOIN' }));
    expect(spy).toHaveBeenLastCalledWith(expect.objectContaining({ keywords: ['subscribe'] }));

    await user.type(screen.getByLabelText('Test a message'), 'Subscribe me please');
    expect(screen.getByTestId('keyword-test-result')).toHaveTextContent(/^Matches/);
    await user.selectOptions(screen.getByLabelText('Match mode'), 'only_word');
    expect(spy).toHaveBeenLastCalledWith(expect.objectContaining({ match: 'only_word' }));
    expect(screen.getByTestId('keyword-test-result')).toHaveTextContent(/^No match/);
  });

  it('explains a typo-tolerant match only when typo tolerance is on', async () => {
    const user = userEvent.setup();
    render(<Harness initial={{ ...nodeCatalogue.trigger.defaultConfig(), keywords: ['SUBSCRIBE'] }} Panel={TriggerPanel} spy={() => undefined} />);
    await user.type(screen.getByLabelText('Test a message'), 'subscrbe');
    expect(screen.getByTestId('keyword-test-result')).toHaveTextContent(/^No match/);
    await user.click(screen.getByLabelText(/Typo tolerance/));
    expect(screen.getByTestId('keyword-test-result')).toHaveTextContent(/^Matches/);
  });
});

describe('ReplyPanel', () => {
  it('shows GSM-7 and one segment for plain text, UCS-2 with the offending characters otherwise', async () => {
    const user = userEvent.setup();
    const spy = vi.fn();
    render(<Harness initial={{ text: 'Hello' } as NodeConfig<'reply'>} Panel={ReplyPanel} spy={spy} />);
    expect(screen.getByTestId('segment-info')).toHaveTextContent('GSM-7 · 5 characters · 1 segment');
    const box = screen.getByLabelText('Message text');
    await user.type(box, ' 😀 ok');
    expect(spy).toHaveBeenLastCalledWith({ text: 'Hello 😀 ok' });
    expect(screen.getByTestId('segment-info')).toHaveTextContent('UCS-2');
    expect(screen.getByTestId('segment-info')).toHaveTextContent('UCS-2 because of: 😀');
    await user.clear(box);
    await user.click(box);
    await user.paste('x'.repeat(161));
    expect(screen.getByTestId('segment-info')).toHaveTextContent('2 segments');
  });

  it('autocompletes contact and vars names inside {{ }} and flags a broken placeholder', async () => {
    const user = userEvent.setup();
    const spy = vi.fn();
    render(<Harness initial={{ text: '' } as NodeConfig<'reply'>} Panel={ReplyPanel} spy={spy} />);
    const box = screen.getByLabelText('Message text');
    await user.type(box, 'Hi {{{{');
    // Typing {{ closes the braces and lists what can go inside, in plain words.
    expect(spy).toHaveBeenLastCalledWith({ text: 'Hi {{  }}' });
    expect(screen.getByRole('option', { name: /Contact’s name/ })).toBeInTheDocument();
    await user.keyboard('contact.na');
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Contact’s name contact.name']);
    await user.keyboard('{Tab}');
    expect(spy).toHaveBeenLastCalledWith({ text: 'Hi {{ contact.name }}' });
    await user.keyboard('{End}, rating {{{{rat');
    expect(screen.getByRole('option', { name: /vars\.rating/ })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('option')).toBeNull();
    await user.clear(box);
    await user.click(box);
    await user.paste('Hi {{ contact.name');
    expect(screen.getByTestId('template-error')).toHaveTextContent('unbalanced');
  });
});

describe('WaitPanel', () => {
  it('shows the timeout in the largest exact unit and converts unit changes to seconds', async () => {
    const user = userEvent.setup();
    const spy = vi.fn();
    render(<Harness initial={{ timeoutSeconds: 5400, collectSeconds: 0, resultVar: 'reply' }} Panel={WaitPanel} spy={spy} />);
    expect(screen.getByLabelText('Timeout amount')).toHaveValue(90);
    expect(screen.getByLabelText('Timeout unit')).toHaveValue('minutes');
    await user.selectOptions(screen.getByLabelText('Timeout unit'), 'hours');
    expect(spy).toHaveBeenLastCalledWith(expect.objectContaining({ timeoutSeconds: 90 * 3600 }));
  });
});

describe('ExpressionField', () => {
  it('underlines a syntax error at its position and shows a live value for a valid expression', async () => {
    const user = userEvent.setup();
    function Field() { const [v, setV] = useState('vars.rating >= 4'); return <ExpressionField label="Condition" value={v} onChange={setV} />; }
    render(<Field />);
    await waitFor(() => expect(screen.getByTestId('expression-value')).toHaveTextContent('true'));
    const input = screen.getByLabelText('Condition');
    await user.clear(input);
    await user.type(input, 'vars.rating >= ');
    expect(screen.getByTestId('expression-error')).toHaveTextContent(/Syntax error at character \d+/);
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(document.querySelector('.squiggle')).not.toBeNull();
  });
});

describe('SidePanel', () => {
  it('edits the selected node in the store and deletes it', async () => {
    const user = userEvent.setup();
    useFlowStore.getState().load({ id: 'f', name: 'F', revision: 1, definition: emptyDefinition() });
    const id = useFlowStore.getState().addNode('reply');
    render(<SidePanel problems={[{ path: 'nodes[0]', nodeId: id, code: 'unreachable_node', message: 'is not reachable', severity: 'warning' }]} />);
    expect(screen.getByLabelText('Problems of this step')).toHaveTextContent('nodes[0]: is not reachable');
    const box = screen.getByLabelText('Message text');
    await user.clear(box);
    await user.type(box, 'Welcome aboard');
    expect(useFlowStore.getState().definition.nodes[0]?.config).toEqual({ text: 'Welcome aboard' });
    await user.click(screen.getByRole('button', { name: 'Delete step' }));
    expect(useFlowStore.getState().definition.nodes).toHaveLength(0);
    expect(screen.getByText('Select a step to edit it.')).toBeInTheDocument();
  });

  it('keeps the step it shows while a drag picks up another, and shows that one after the drop', async () => {
    const st = useFlowStore.getState();
    st.load({ id: 'f', name: 'F', revision: 1, definition: emptyDefinition() });
    const wait = st.addNode('wait');
    const reply = st.addNode('reply');
    st.setSelection([wait], []);
    render(<SidePanel problems={[]} />);
    await waitFor(() => expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Wait'));
    // What the canvas does when a drag starts on an unselected step: select it, then drag.
    act(() => { st.setSelection([reply], []); st.setDragging(true); });
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Wait');
    act(() => st.setDragging(false));
    await waitFor(() => expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Reply'));
  });
});

describe('ConnectionsField', () => {
  it('connects and disconnects outputs from the keyboard-reachable selects', async () => {
    const user = userEvent.setup();
    const st = useFlowStore.getState();
    st.load({ id: 'f', name: 'F', revision: 1, definition: emptyDefinition() });
    const w = st.addNode('wait');
    const r = st.addNode('reply');
    st.setSelection([w], []);
    render(<SidePanel problems={[]} />);
    await user.selectOptions(screen.getByLabelText('Timeout →'), r);
    expect(useFlowStore.getState().definition.edges).toEqual([expect.objectContaining({ source: w, sourceHandle: 'timeout', target: r })]);
    await user.selectOptions(screen.getByLabelText('Timeout →'), '');
    expect(useFlowStore.getState().definition.edges).toEqual([]);
  });
});
