import { describe, expect, it } from 'vitest';
import { diffDefinitions } from './flow-diff';

const base = {
  specVersion: 1,
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: ['JOIN'] } },
    { id: 'hello', type: 'reply', position: { x: 0, y: 100 }, config: { text: 'Hi' } },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'hello' }],
};

describe('diffDefinitions', () => {
  it('reports nothing for equal definitions, whatever the key order', () => {
    const reordered = JSON.parse(JSON.stringify(base)) as typeof base;
    reordered.nodes[1] = { config: { text: 'Hi' }, type: 'reply', id: 'hello', position: { y: 100, x: 0 } };
    expect(diffDefinitions(base, reordered)).toEqual({ nodesAdded: [], nodesRemoved: [], nodesChanged: [], edgesAdded: [], edgesRemoved: [] });
  });

  it('names added, removed and changed nodes with the changed field paths', () => {
    const next = {
      ...base,
      nodes: [
        { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: ['JOIN', 'START'] } },
        { id: 'bye', type: 'end', position: { x: 5, y: 200 }, config: {} },
      ],
      edges: [{ id: 'e2', source: 'start', sourceHandle: 'next', target: 'bye' }],
    };
    expect(diffDefinitions(base, next)).toEqual({
      nodesAdded: ['bye'],
      nodesRemoved: ['hello'],
      nodesChanged: [{ nodeId: 'start', fields: ['config.keywords'] }],
      edgesAdded: ['e2'],
      edgesRemoved: ['e1'],
    });
  });

  it('treats a re-wired edge with the same id as removed and added, and ignores a missing default handle', () => {
    const rewired = { ...base, edges: [{ id: 'e1', source: 'hello', target: 'start' }] };
    expect(diffDefinitions(base, rewired)).toMatchObject({ edgesAdded: ['e1'], edgesRemoved: ['e1'] });
    const noHandle = { ...base, edges: [{ id: 'e1', source: 'start', target: 'hello' }] };
    expect(diffDefinitions(base, noHandle)).toMatchObject({ edgesAdded: [], edgesRemoved: [] });
  });

  it('survives garbage drafts', () => {
    expect(diffDefinitions('nonsense', { nodes: [null, 3, { id: 7 }], edges: 'x' })).toEqual({
      nodesAdded: [], nodesRemoved: [], nodesChanged: [], edgesAdded: [], edgesRemoved: [],
    });
    expect(diffDefinitions(null, base).nodesAdded).toEqual(['start', 'hello']);
  });
});
