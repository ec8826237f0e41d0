import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ImportExport } from './ImportExport';
import { emptyDefinition, useFlowStore } from '../store/flow-store';

const file = (name: string, text: string) => new File([text], name, { type: 'application/json' });

describe('ImportExport', () => {
  it('imports a valid flow as one undoable edit and refuses bad files naming what is wrong', async () => {
    const user = userEvent.setup({ applyAccept: false });
    useFlowStore.getState().load({ id: 'f', name: 'F', revision: 1, definition: emptyDefinition() });
    render(<ImportExport />);
    const input = screen.getByTestId('import-file');

    await user.upload(input, file('broken.json', '{ "specVersion": 1, "nodes": ['));
    expect(await screen.findByRole('alert')).toHaveTextContent(/^broken\.json: not valid JSON/);

    await user.upload(input, file('fax.json', JSON.stringify({ specVersion: 1, nodes: [{ id: 'a', type: 'fax' }], edges: [] })));
    expect(await screen.findByText(/fax\.json: nodes\[0\]\.type: unknown node type "fax"/)).toBeInTheDocument();
    expect(useFlowStore.getState().definition.nodes).toHaveLength(0);

    const good = { specVersion: 1, nodes: [{ id: 't', type: 'trigger', config: { keywords: ['HI'] } }, { id: 'r', type: 'reply', config: { text: 'Hello' } }],
      edges: [{ id: 'e', source: 't', target: 'r' }] };
    await user.upload(input, file('good.json', JSON.stringify(good)));
    expect(await screen.findByRole('status')).toHaveTextContent('Imported 2 steps');
    expect(useFlowStore.getState().definition.nodes.map((n) => n.id)).toEqual(['t', 'r']);
    useFlowStore.getState().undo();
    expect(useFlowStore.getState().definition.nodes).toHaveLength(0);
  });
});
