/** Structural checks: ids, the single trigger, edges and handles, reachability, loops without a wait. */
import { nodeOutputs } from '../catalogue';
import type { EdgeEntry, FlowView, NodeEntry } from './flow-view';
import { ProblemCode, type ProblemList } from './problems';

export function checkGraph(view: FlowView, problems: ProblemList): void {
  const byId = indexNodes(view.nodes, problems);
  checkTriggers(view.nodes, problems);
  const validEdges = checkEdges(view.edges, byId, problems);
  checkReachability(view.nodes, validEdges, byId, problems);
  checkLoops(view.nodes, validEdges, byId, problems);
  checkUnconnectedOutputs(view.nodes, validEdges, problems);
}

function indexNodes(nodes: NodeEntry[], problems: ProblemList): Map<string, NodeEntry> {
  const byId = new Map<string, NodeEntry>();
  for (const entry of nodes) {
    const first = byId.get(entry.id);
    if (first) problems.add(['nodes', entry.index, 'id'], ProblemCode.DuplicateNodeId, `duplicates the id "${entry.id}" of nodes[${first.index}]`);
    else byId.set(entry.id, entry);
  }
  return byId;
}

function checkTriggers(nodes: NodeEntry[], problems: ProblemList): void {
  const triggers = nodes.filter((n) => n.type === 'trigger');
  if (triggers.length === 0) problems.add(['nodes'], ProblemCode.MissingTrigger, 'must contain exactly one trigger node; found none');
  const first = triggers[0];
  for (const extra of triggers.slice(1))
    problems.add(['nodes', extra.index, 'type'], ProblemCode.MultipleTriggers, `a flow has exactly one trigger; nodes[${first?.index}] ("${first?.id}") is already one`);
}

/** Reports bad edges; returns the edges whose both ends exist, for the later graph walks. */
function checkEdges(edges: EdgeEntry[], byId: Map<string, NodeEntry>, problems: ProblemList): EdgeEntry[] {
  const edgeIds = new Map<string, number>();
  const handleUse = new Map<string, EdgeEntry>();
  const valid: EdgeEntry[] = [];
  for (const entry of edges) {
    const { edge, index } = entry;
    const seen = edgeIds.get(edge.id);
    if (seen !== undefined) problems.add(['edges', index, 'id'], ProblemCode.DuplicateEdgeId, `duplicates the id "${edge.id}" of edges[${seen}]`, 'error', edge.source);
    else edgeIds.set(edge.id, index);

    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source) problems.add(['edges', index, 'source'], ProblemCode.UnknownEdgeSource, `refers to node "${edge.source}", which does not exist`, 'error', null);
    if (!target) problems.add(['edges', index, 'target'], ProblemCode.UnknownEdgeTarget, `refers to node "${edge.target}", which does not exist`, 'error', edge.source);
    else if (target.type === 'trigger')
      problems.add(['edges', index, 'target'], ProblemCode.EdgeIntoTrigger, `must not lead into the trigger "${edge.target}": a trigger only starts the flow`, 'error', edge.source);
    if (!source || !target) continue;
    valid.push(entry);

    if (source.node) {
      const outputs = nodeOutputs(source.node);
      if (!outputs.some((o) => o.id === edge.sourceHandle)) {
        const known = outputs.length ? `its outputs are ${outputs.map((o) => `"${o.id}"`).join(', ')}` : 'it has no outputs';
        problems.add(['edges', index, 'sourceHandle'], ProblemCode.UnknownSourceHandle,
          `"${edge.sourceHandle}" is not an output of node "${edge.source}" (${source.node.type}); ${known}`, 'error', edge.source);
        continue;
      }
    }
    const key = `${edge.source}\u0000${edge.sourceHandle}`;
    const other = handleUse.get(key);
    if (other)
      problems.add(['edges', index, 'sourceHandle'], ProblemCode.DuplicateHandleEdge,
        `output "${edge.sourceHandle}" of node "${edge.source}" already leads to "${other.edge.target}" (edges[${other.index}]); an output has one edge`, 'error', edge.source);
    else handleUse.set(key, entry);
  }
  return valid;
}

function adjacency(edges: EdgeEntry[], keep: (e: EdgeEntry) => boolean = () => true): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of edges) {
    if (!keep(e)) continue;
    const list = out.get(e.edge.source) ?? [];
    list.push(e.edge.target);
    out.set(e.edge.source, list);
  }
  return out;
}

function checkReachability(nodes: NodeEntry[], edges: EdgeEntry[], byId: Map<string, NodeEntry>, problems: ProblemList): void {
  const roots = nodes.filter((n) => n.type === 'trigger' && byId.get(n.id) === n).map((n) => n.id);
  if (roots.length === 0) return; // already reported as a missing trigger; every node would be noise
  const next = adjacency(edges);
  const seen = new Set(roots);
  const queue = [...roots];
  for (let id = queue.shift(); id !== undefined; id = queue.shift())
    for (const t of next.get(id) ?? []) {
      if (seen.has(t)) continue;
      seen.add(t);
      queue.push(t);
    }
  for (const n of nodes)
    if (!seen.has(n.id) && byId.get(n.id) === n)
      problems.add(['nodes', n.index], ProblemCode.UnreachableNode, 'is not reachable from the trigger: connect an edge into it or delete it');
}

/** Tarjan's strongly connected components over the non-wait nodes: any component with a loop is a busy loop. */
function checkLoops(nodes: NodeEntry[], edges: EdgeEntry[], byId: Map<string, NodeEntry>, problems: ProblemList): void {
  const isWait = (id: string) => byId.get(id)?.type === 'wait';
  const next = adjacency(edges, (e) => !isWait(e.edge.source) && !isWait(e.edge.target));
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  let counter = 0;

  const visit = (id: string): void => {
    order.set(id, counter);
    low.set(id, counter++);
    stack.push(id);
    onStack.add(id);
    for (const t of next.get(id) ?? []) {
      if (!order.has(t)) {
        visit(t);
        low.set(id, Math.min(low.get(id) as number, low.get(t) as number));
      } else if (onStack.has(t)) low.set(id, Math.min(low.get(id) as number, order.get(t) as number));
    }
    if (low.get(id) !== order.get(id)) return;
    const component: string[] = [];
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      onStack.delete(top);
      component.push(top);
      if (top === id) break;
    }
    const selfLoop = component.length === 1 && (next.get(id) ?? []).includes(id);
    if (component.length > 1 || selfLoop) reportLoop(component, byId, problems);
  };
  for (const n of nodes) if (!isWait(n.id) && !order.has(n.id) && byId.get(n.id) === n) visit(n.id);
}

function reportLoop(component: string[], byId: Map<string, NodeEntry>, problems: ProblemList): void {
  const members = component.map((id) => byId.get(id) as NodeEntry).sort((a, b) => a.index - b.index);
  const first = members[0] as NodeEntry;
  const names = members.map((m) => `"${m.id}"`).join(', ');
  problems.add(['nodes', first.index], ProblemCode.CycleWithoutWait,
    `is in a loop without a wait node (${names}); the run would spin without waiting for the contact, add a wait to the loop`);
}

/**
 * Warns only where someone building the flow should act: a trigger that leads nowhere (the flow
 * does nothing), and a match case that does (the flow asks for that answer, then ignores it). A
 * reply, wait timeout, lookup or `other` without a next step simply ends the run, as it should.
 */
function checkUnconnectedOutputs(nodes: NodeEntry[], edges: EdgeEntry[], problems: ProblemList): void {
  const used = new Set(edges.map((e) => `${e.edge.source}\u0000${e.edge.sourceHandle}`));
  for (const n of nodes) {
    const node = n.node;
    if (!node || (node.type !== 'trigger' && node.type !== 'match')) continue;
    for (const output of nodeOutputs(node)) {
      if (output.id === 'other' || used.has(`${n.id}\u0000${output.id}`)) continue;
      const why = node.type === 'trigger' ? 'the flow does nothing once started' : 'a contact giving this answer reaches the end of the flow';
      problems.add(['nodes', n.index], ProblemCode.UnconnectedOutput, `output "${output.id}" is not connected; ${why}`, 'warning');
    }
  }
}
