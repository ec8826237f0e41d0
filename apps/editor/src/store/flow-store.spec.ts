import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useFlowStore, emptyDefinition } from './flow-store';

const s = () => useFlowStore.getState();

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  s().load({ id: 'f1', name: 'Test', revision: 3, definition: emptyDefinition() });
});
afterEach(() => vi.useRealTimers());
const later = () => vi.setSystemTime(Date.now() + 5000);

describe('flow store', () => {
  it('adds nodes with the type default config and fresh ids, selecting the new node', () => {
    const a = s().addNode('trigger', { x: 10, y: 20 });
    const b = s().addNode('reply');
    expect([a, b]).toEqual(['trigger_1', 'reply_1']);
    expect(s().definition.nodes[1]).toMatchObject({ type: 'reply', config: { text: expect.any(String) }, position: { x: 0, y: 160 } });
    expect(s().selectedNodeIds).toEqual(['reply_1']);
    expect(s().editSeq).toBe(2);
  });

  it('quick add: a new step connected from an output in one undoable edit, taking the output over', () => {
    const t = s().addNode('trigger', { x: 0, y: 0 });
    expect(s().definition.nodes[0]).toMatchObject({ config: { keywords: [] } });
    later();
    const r = s().addNode('reply', { x: 0, y: 200 });
    s().connect({ source: t, sourceHandle: 'next', target: r });
    later();
    const w = s().addConnectedNode('wait', { x: 300.4, y: 200 }, { source: t, sourceHandle: 'next' });
    expect(s().definition.nodes.find((n) => n.id === w)).toMatchObject({ type: 'wait', position: { x: 300, y: 200 } });
    expect(s().definition.edges.map((e) => `${e.source}:${e.sourceHandle}>${e.target}`)).toEqual([`${t}:next>${w}`]);
    expect(s().selectedNodeIds).toEqual([w]);
    s().undo();
    expect(s().definition.nodes.map((n) => n.id)).toEqual([t, r]);
    expect(s().definition.edges.map((e) => e.target)).toEqual([r]);
  });

  it('undoes and redoes edits in order, and a new edit clears the redo stack', () => {
    const id = s().addNode('reply');
    later();
    s().updateConfig(id, { text: 'one' });
    later();
    s().updateConfig(id, { text: 'two' });
    s().undo();
    expect(s().definition.nodes[0]?.config).toEqual({ text: 'one' });
    s().undo();
    s().undo();
    expect(s().definition.nodes).toHaveLength(0);
    s().undo(); // nothing left: no-op
    s().redo();
    s().redo();
    expect(s().definition.nodes[0]?.config).toEqual({ text: 'one' });
    later();
    s().updateConfig(id, { text: 'three' });
    s().redo();
    expect(s().definition.nodes[0]?.config).toEqual({ text: 'three' });
    expect(s().future).toHaveLength(0);
  });

  it('keeps one edge per output handle and never connects a node to itself', () => {
    const t = s().addNode('trigger');
    const r1 = s().addNode('reply');
    const r2 = s().addNode('reply');
    s().connect({ source: t, sourceHandle: 'next', target: r1 });
    s().connect({ source: t, sourceHandle: 'next', target: r2 });
    s().connect({ source: r1, sourceHandle: 'next', target: r1 });
    expect(s().definition.edges.map((e) => [e.source, e.target])).toEqual([[t, r2]]);
    const edgeId = s().definition.edges[0]!.id;
    s().reconnect(edgeId, { source: t, sourceHandle: 'next', target: r1 });
    expect(s().definition.edges).toEqual([{ id: edgeId, source: t, sourceHandle: 'next', target: r1 }]);
  });

  it('deletes the selection together with the edges touching deleted nodes', () => {
    const t = s().addNode('trigger');
    const r = s().addNode('reply');
    const e = s().addNode('end');
    s().connect({ source: t, sourceHandle: 'next', target: r });
    s().connect({ source: r, sourceHandle: 'next', target: e });
    s().setSelection([r], []);
    s().deleteSelection();
    expect(s().definition.nodes.map((n) => n.id)).toEqual([t, e]);
    expect(s().definition.edges).toEqual([]);
    s().undo();
    expect(s().definition.edges).toHaveLength(2);
  });

  it('copies selected nodes with their inner edges and pastes them with new ids, offset', () => {
    const t = s().addNode('trigger', { x: 0, y: 0 });
    const r = s().addNode('reply', { x: 0, y: 100 });
    const w = s().addNode('wait', { x: 0, y: 200 });
    s().connect({ source: t, sourceHandle: 'next', target: r });
    s().connect({ source: r, sourceHandle: 'next', target: w });
    s().setSelection([r, w], []);
    s().copySelection();
    s().paste();
    const ids = s().definition.nodes.map((n) => n.id);
    expect(ids).toEqual([t, r, w, 'reply_2', 'wait_2']);
    expect(s().definition.nodes[3]?.position).toEqual({ x: 40, y: 140 });
    expect(s().definition.edges.filter((e) => e.source === 'reply_2')).toEqual([
      expect.objectContaining({ source: 'reply_2', target: 'wait_2', sourceHandle: 'next' }),
    ]);
    expect(s().selectedNodeIds).toEqual(['reply_2', 'wait_2']);
    s().paste();
    expect(s().definition.nodes.find((n) => n.id === 'reply_3')?.position).toEqual({ x: 80, y: 180 });
  });

  it('writes moves back as one undoable step and ignores no-op moves', () => {
    const r = s().addNode('reply', { x: 0, y: 0 });
    const seq = s().editSeq;
    s().moveNodes(new Map([[r, { x: 0, y: 0 }]]));
    expect(s().editSeq).toBe(seq);
    s().moveNodes(new Map([[r, { x: 33.3, y: 44.7 }]]));
    expect(s().definition.nodes[0]?.position).toEqual({ x: 33, y: 45 });
    s().undo();
    expect(s().definition.nodes[0]?.position).toEqual({ x: 0, y: 0 });
  });
});

describe('typing coalescing', () => {
  it('merges rapid edits of one node into one undo step, but not edits of different nodes', () => {
    const a = s().addNode('reply');
    const b = s().addNode('reply');
    later();
    for (const text of ['H', 'He', 'Hel', 'Hello']) s().updateConfig(a, { text });
    s().updateConfig(b, { text: 'other' });
    expect(s().past).toHaveLength(4);
    s().undo();
    s().undo();
    expect(s().definition.nodes.find((n) => n.id === a)?.config).not.toEqual({ text: 'H' });
    expect(s().definition.nodes.find((n) => n.id === a)?.config).toEqual({ text: 'Thanks for your message!' });
  });

  describe('match outputs and their edges', () => {
    const caseOf = (id: string) => ({ id, mode: 'first_word' as const, values: [id.toUpperCase()], foldAccents: true, foldLookalikes: true, typoTolerance: false });
    function twoCases() {
      const m = s().addNode('match');
      const r1 = s().addNode('reply');
      const r2 = s().addNode('reply');
      const cfg = s().definition.nodes.find((n) => n.id === m)!.config as { cases: ReturnType<typeof caseOf>[] };
      s().updateConfig(m, { ...cfg, cases: [caseOf('small'), caseOf('medium')] } as never);
      s().connect({ source: m, sourceHandle: 'small', target: r1 });
      s().connect({ source: m, sourceHandle: 'medium', target: r2 });
      return { m, cfg };
    }
    const handles = () => s().definition.edges.map((e) => `${e.sourceHandle}>${e.target}`).sort();

    it('renaming an output id carries its edge along, and undo puts it back', () => {
      const { m, cfg } = twoCases();
      later();
      s().updateConfig(m, { ...cfg, cases: [caseOf('small'), caseOf('mediu')] } as never);
      s().updateConfig(m, { ...cfg, cases: [caseOf('small'), caseOf('med')] } as never);
      expect(handles()).toEqual(['med>reply_2', 'small>reply_1']);
      s().undo();
      expect(handles()).toEqual(['medium>reply_2', 'small>reply_1']);
    });

    it('removing a case drops its edge; reordering cases keeps every edge on its output', () => {
      const { m, cfg } = twoCases();
      s().updateConfig(m, { ...cfg, cases: [caseOf('medium'), caseOf('small')] } as never);
      expect(handles()).toEqual(['medium>reply_2', 'small>reply_1']);
      s().updateConfig(m, { ...cfg, cases: [caseOf('small')] } as never);
      expect(handles()).toEqual(['small>reply_1']);
    });
  });
});
