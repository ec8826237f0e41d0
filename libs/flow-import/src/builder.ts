/**
 * Collects the Moflow steps made from one source flow, the links between them (by source key, resolved
 * at the end, since sources refer to steps that come later), and the report. `finish` validates the
 * result with flow-spec and adds every problem it finds to the report.
 */
import { validateFlow, type FlowDefinition, type NodeType } from '@moflow/flow-spec';
import { clip, quote, toId } from './names';
import type { ReportItem, ReportSeverity } from './types';

export interface Position {
  x: number;
  y: number;
}

export interface StepInput {
  idBase: string;
  type: NodeType;
  label: string;
  position: Position;
  config: Record<string, unknown>;
  review?: string;
}

interface PendingEdge {
  source: string;
  sourceHandle: string;
  /** A Moflow node id, or a source key resolved in finish(). */
  target: { node: string } | { key: string };
  what: string;
}

interface RawNode extends Omit<StepInput, 'idBase'> {
  id: string;
}

export interface PlaceholderExit {
  name: string;
  target: string | null | undefined;
}

export class FlowBuilder {
  private readonly nodes: RawNode[] = [];
  private readonly pending: PendingEdge[] = [];
  private readonly keys = new Map<string, string>();
  private readonly ids = new Set<string>();
  readonly report: ReportItem[] = [];

  constructor(readonly flowName: string) {}

  add(step: StepInput): string {
    const base = toId(step.idBase);
    let id = base;
    for (let n = 2; this.ids.has(id); n++) id = `${base.slice(0, 56)}_${n}`;
    this.ids.add(id);
    const { idBase: _ignored, ...rest } = step;
    this.nodes.push({ ...rest, id, label: clip(step.label, 100), ...(step.review ? { review: clip(step.review, 500) } : {}) });
    return id;
  }

  /** The Moflow step a source item (widget name, node uuid) starts at. */
  setEntry(key: string, nodeId: string): void {
    if (!this.keys.has(key)) this.keys.set(key, nodeId);
  }

  hasEntry(key: string): boolean {
    return this.keys.has(key);
  }

  /** Connect an output to the step a source item became (resolved in finish). Nothing when the source left it empty. */
  link(source: string, handle: string, targetKey: string | null | undefined, what = `exit "${handle}"`): void {
    if (targetKey) this.pending.push({ source, sourceHandle: handle, target: { key: targetKey }, what });
  }

  connect(source: string, handle: string, target: string): void {
    this.pending.push({ source, sourceHandle: handle, target: { node: target }, what: `exit "${handle}"` });
  }

  note(severity: ReportSeverity, source: string, message: string, nodeId?: string): void {
    this.report.push({ flow: this.flowName, source, severity, message, ...(nodeId ? { nodeId } : {}) });
    if (nodeId && severity !== 'info') this.review(nodeId, message);
  }

  /** Mark a step for the canvas: a person should look at it before publishing. */
  review(nodeId: string, text: string): void {
    const node = this.nodes.find((n) => n.id === nodeId);
    if (node) node.review = clip(node.review ? `${node.review} ${text}` : text, 500);
  }

  updateConfig(nodeId: string, config: Record<string, unknown>): void {
    const node = this.nodes.find((n) => n.id === nodeId);
    if (node) node.config = config;
  }

  labelOf(nodeId: string): string | undefined {
    return this.nodes.find((n) => n.id === nodeId)?.label;
  }

  /**
   * A construct Moflow cannot run: a marked step that passes through the exit assumed. With several
   * exits it is a match on the constant exit name, so every other exit stays drawn (and its steps
   * reachable) while only the assumed one is taken.
   */
  placeholder(args: { idBase: string; label: string; position: Position; what: string; exits: PlaceholderExit[]; assumed: string | null }): string {
    const connected = args.exits.filter((e) => e.target);
    const assumed = args.assumed ?? connected[0]?.name ?? null;
    const others = connected.filter((e) => e.name !== assumed);
    const assumedExit = args.exits.find((e) => e.name === assumed);
    const message = `${args.what} cannot be carried over: a placeholder step passes through ${assumed ? `its "${assumed}" exit` : 'to the end of the run'}.`;
    let id: string;
    if (others.length === 0) {
      id = this.add({ idBase: args.idBase, type: 'set', label: args.label, position: args.position,
        config: { assignments: [{ target: 'vars.imported_placeholder', expression: quote(args.label) }] } });
      this.link(id, 'next', assumedExit?.target);
    } else {
      const cases = others.map((e, i) => ({ id: `${toId(e.name, 'exit')}_${i + 1}`.slice(0, 64), label: clip(e.name, 100), mode: 'exact', values: [e.name] }));
      id = this.add({ idBase: args.idBase, type: 'match', label: args.label, position: args.position, config: { input: quote(assumed ?? ''), cases } });
      others.forEach((e, i) => this.link(id, cases[i]!.id, e.target));
      this.link(id, 'other', assumedExit?.target);
    }
    this.note('warning', args.label, message, id);
    return id;
  }

  private reachable(edges: { source: string; target: string }[]): Set<string> {
    const seen = new Set(this.nodes.filter((n) => n.type === 'trigger').map((n) => n.id));
    const queue = [...seen];
    while (queue.length) {
      const id = queue.shift()!;
      for (const e of edges) if (e.source === id && !seen.has(e.target)) { seen.add(e.target); queue.push(e.target); }
    }
    return seen;
  }

  finish(): FlowDefinition {
    const edges: { id: string; source: string; sourceHandle: string; target: string }[] = [];
    for (const e of this.pending) {
      const target = 'node' in e.target ? e.target.node : this.keys.get(e.target.key);
      if (!target) {
        const key = 'key' in e.target ? e.target.key : '';
        this.note('warning', this.labelOf(e.source) ?? e.source, `${e.what} leads to "${key}", which is not in the file: it is left unconnected.`, e.source);
        continue;
      }
      edges.push({ id: `e${edges.length + 1}`, source: e.source, sourceHandle: e.sourceHandle, target });
    }
    const kept = this.reachable(edges);
    for (const n of this.nodes.filter((x) => !kept.has(x.id)))
      this.report.push({ flow: this.flowName, source: n.label, severity: 'warning', message: `${n.label} is not reachable from the start (in the source, or only through exits that were not carried over): left out.` });
    const raw = { specVersion: 1, nodes: this.nodes.filter((n) => kept.has(n.id)), edges: edges.filter((e) => kept.has(e.source) && kept.has(e.target)) };
    const result = validateFlow(raw);
    for (const p of result.problems) {
      const source = (p.nodeId && this.labelOf(p.nodeId)) || this.flowName;
      const severity: ReportSeverity = p.severity === 'error' ? 'error' : 'warning';
      this.report.push({ flow: this.flowName, source, severity, message: `${p.message} (${p.code} at ${p.path || 'the flow'})`, ...(p.nodeId ? { nodeId: p.nodeId } : {}) });
      if (p.nodeId && p.code !== 'unconnected_output') this.review(p.nodeId, p.message);
    }
    return (result.definition ?? raw) as FlowDefinition;
  }
}
