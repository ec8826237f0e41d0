import { describe, expect, it } from 'vitest';
import type { FlowDefinition, FlowNode } from '@moflow/flow-spec';
import type { NodeChange } from '@xyflow/react';
import { applyPositions, finishedMoves, mergeEdges, mergeTransient, onlyPositionsDiffer, settleMeasured, toReactFlow, type RfNode } from './to-react-flow';
import { memoByIdentity } from './memo-by-identity';
import { estimateNode } from './node-estimate';

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

describe('estimated sizes (a canvas that draws only the steps in view)', () => {
  it('gives each step a size and handles where the card draws them: input on top, outputs spread along the bottom', () => {
    const trigger = estimateNode(def.nodes[0]!);
    expect(trigger).toMatchObject({ initialWidth: 240, initialHeight: 103 });
    expect(trigger.handles.map((h) => [h.id, h.type])).toEqual([['next', 'source']]); // a trigger has no input
    const match = estimateNode({ id: 'm', type: 'match', position: { x: 0, y: 0 }, config: { input: 'message.text', cases: [
      { id: 'yes', mode: 'only_word', values: ['YES'] }, { id: 'no', mode: 'only_word', values: ['NO'] }] } } as FlowNode);
    expect(match.handles.map((h) => [h.id, h.type, h.x, h.y])).toEqual([
      ['in', 'target', 114, -6], ['yes', 'source', 34, 67], ['no', 'source', 114, 67], ['other', 'source', 194, 67]]);
    expect(toReactFlow(def).nodes[0]!.handles).toBeUndefined();
    expect(toReactFlow(def, { estimateSizes: true }).nodes[0]!.handles).toHaveLength(1);
  });

  it('drops the estimate once React Flow has measured a step, so its edges keep the measured handles', () => {
    const nodes = toReactFlow(def, { estimateSizes: true }).nodes;
    const measured = settleMeasured([{ type: 'dimensions', id: 'hi', dimensions: { width: 240, height: 95 }, setAttributes: true } as NodeChange<RfNode>], nodes);
    expect(measured[1]).toMatchObject({ id: 'hi', measured: { width: 240, height: 95 } });
    expect(measured[1]!.handles).toBeUndefined();
    expect(measured[1]!.initialHeight).toBeUndefined();
    expect(measured[0]).toBe(nodes[0]); // not measured yet: keeps its estimate
    // an edit rebuilds the step from the definition: it keeps what was measured, not the estimate
    const edited: FlowDefinition = { ...def, nodes: [def.nodes[0]!, { ...def.nodes[1]!, config: { text: 'Changed' } } as FlowNode] };
    const merged = mergeTransient(measured, toReactFlow(edited, { estimateSizes: true }).nodes);
    expect(merged[1]).toMatchObject({ measured: { width: 240, height: 95 } });
    expect(merged[1]!.handles).toBeUndefined();
    expect(merged[0]).toBe(measured[0]);
  });
});

describe('onlyPositionsDiffer', () => {
  it('is true for moved steps only, false for any other change', () => {
    const moved = applyPositions(def, new Map([['hi', { x: 40, y: 300 }]]));
    expect(moved).not.toBe(def);
    expect(onlyPositionsDiffer(def, moved)).toBe(true);
    const renamed: FlowDefinition = { ...moved, nodes: [moved.nodes[0]!, { ...moved.nodes[1]!, label: 'Welcome' }] };
    expect(onlyPositionsDiffer(def, renamed)).toBe(false);
    const rewired: FlowDefinition = { ...moved, edges: [] };
    expect(onlyPositionsDiffer(def, rewired)).toBe(false);
    const fewer: FlowDefinition = { ...moved, nodes: [moved.nodes[0]!] };
    expect(onlyPositionsDiffer(def, fewer)).toBe(false);
  });
});

describe('memoByIdentity', () => {
  it('computes once per object and key, again for a new object', () => {
    let calls = 0;
    const f = memoByIdentity((d: FlowDefinition, id: string) => { calls++; return d.nodes.filter((n) => n.id !== id).map((n) => n.id); });
    const a = f(def, 'hi');
    expect(f(def, 'hi')).toBe(a);
    expect(calls).toBe(1);
    f(def, 'start');
    f({ ...def }, 'hi');
    expect(calls).toBe(3);
  });
});
