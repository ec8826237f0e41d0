import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '@moflow/flow-spec';
import { applyPositions, finishedMoves, mergeEdges, mergeTransient, toReactFlow } from './to-react-flow';

const def: FlowDefinition = {
  specVersion: 1,
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { channels: ['*'], keywords: ['JOIN'], match: 'first_word', foldAccents: true, foldLookalikes: true, typoTolerance: false, catchAll: false, rest: true, interrupt: false } },
    { id: 'hi', type: 'reply', position: { x: 0, y: 150 }, config: { text: 'Welcome!' } },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'hi' }],
};

describe('toReactFlow', () => {
  it('maps nodes by id and type with the domain node in data and no functions', () => {
    const { nodes, edges } = toReactFlow(def);
    expect(nodes.map((n) => [n.id, n.type, n.position])).toEqual([['start', 'trigger', { x: 0, y: 0 }], ['hi', 'reply', { x: 0, y: 150 }]]);
    expect(nodes[1]?.data.node).toBe(def.nodes[1]);
    expect(Object.values(nodes[0]!.data).some((v) => typeof v === 'function')).toBe(false);
    expect(edges).toEqual([expect.objectContaining({ id: 'e1', source: 'start', sourceHandle: 'next', target: 'hi', animated: false })]);
  });

  it('puts errors and warnings on their nodes and paints diff and simulation path', () => {
    const { nodes, edges } = toReactFlow(def, {
      problems: [
        { path: 'nodes[1].config.text', nodeId: 'hi', code: 'X', message: 'must not be empty', severity: 'error' },
        { path: 'nodes[0]', nodeId: 'start', code: 'W', message: 'hmm', severity: 'warning' },
        { path: 'nodes', nodeId: null, code: 'NO_TRIGGER', message: 'flow-level' },
      ],
      paint: { hi: 'added' }, path: ['start', 'hi'], activeNodeId: 'hi', selectedNodeIds: new Set(['hi']),
    });
    expect(nodes[1]?.data.errors).toEqual(['nodes[1].config.text: must not be empty']);
    expect(nodes[0]?.data.warnings).toEqual(['nodes[0]: hmm']);
    expect(nodes[0]?.data.errors).toEqual([]);
    expect(nodes[1]?.data.paint).toBe('added');
    expect(nodes[1]?.data.active).toBe(true);
    expect(nodes[1]?.selected).toBe(true);
    expect(nodes[0]?.data.onPath).toBe(true);
    expect(edges[0]?.animated).toBe(true);
  });
});

describe('ghost nodes', () => {
  it('adds removed nodes of an older version as locked, painted nodes', () => {
    const ghost = { id: 'old', type: 'end', position: { x: 9, y: 9 }, config: { status: 'completed' } } as const;
    const { nodes } = toReactFlow(def, { ghosts: [ghost, def.nodes[0]!] });
    expect(nodes.map((n) => n.id)).toEqual(['start', 'hi', 'old']);
    expect(nodes[2]).toMatchObject({ draggable: false, selectable: false, deletable: false, data: { paint: 'removed' } });
  });
});

describe('position write-back', () => {
  it('takes only finished drags and rounds them into the definition', () => {
    const moves = finishedMoves([
      { type: 'position', id: 'hi', position: { x: 10.4, y: 20.6 }, dragging: true },
      { type: 'position', id: 'start', position: { x: 5, y: 6 }, dragging: false },
      { type: 'select', id: 'hi', selected: true },
    ]);
    expect([...moves.keys()]).toEqual(['start']);
    const next = applyPositions(def, new Map([['hi', { x: 10.4, y: 20.6 }]]));
    expect(next.nodes[1]?.position).toEqual({ x: 10, y: 21 });
    expect(next.nodes[0]).toBe(def.nodes[0]);
    expect(def.nodes[1]?.position).toEqual({ x: 0, y: 150 });
    expect(applyPositions(def, new Map())).toBe(def);
  });
});

describe('mergeTransient', () => {
  it('keeps identity of unchanged nodes and measured size of changed ones', () => {
    const first = toReactFlow(def).nodes.map((n) => ({ ...n, measured: { width: 200, height: 80 } }));
    const changedDef = { ...def, nodes: [def.nodes[0]!, { ...def.nodes[1]!, config: { text: 'Changed' } }] } as FlowDefinition;
    const merged = mergeTransient(first, toReactFlow(changedDef).nodes);
    expect(merged[0]).toBe(first[0]);
    expect(merged[1]).not.toBe(first[1]);
    expect(merged[1]?.measured).toEqual({ width: 200, height: 80 });
  });
});

describe('mergeEdges', () => {
  it('keeps unchanged edges and replaces changed ones', () => {
    const first = toReactFlow(def).edges;
    expect(mergeEdges(first, toReactFlow(def).edges)[0]).toBe(first[0]);
    const selected = mergeEdges(first, toReactFlow(def, { selectedEdgeIds: new Set(['e1']) }).edges);
    expect(selected[0]).not.toBe(first[0]);
    expect(selected[0]?.selected).toBe(true);
  });
});

describe('mergeTransient with a selection', () => {
  it('applies the selection without a rebuild and hands back the same array when nothing changed', () => {
    const first = mergeTransient([], toReactFlow(def).nodes, new Set());
    const again = mergeTransient(first, toReactFlow(def).nodes, new Set());
    expect(again).toBe(first);
    const picked = mergeTransient(first, toReactFlow(def).nodes, new Set(['hi']));
    expect(picked).not.toBe(first);
    expect(picked[0]).toBe(first[0]);
    expect(picked[1]?.selected).toBe(true);
    // The canvas already applied that selection itself: no update for React Flow.
    expect(mergeTransient(picked, toReactFlow(def).nodes, new Set(['hi']))).toBe(picked);
  });
});
