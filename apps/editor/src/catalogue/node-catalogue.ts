/**
 * The editor's view of the flow-spec node catalogue: labels, default configs and output handles
 * come from `@moflow/flow-spec` (the validator uses the same outputs, so canvas handles and publish
 * checks never disagree); the editor only adds the icon component and the palette order.
 */
import { Bell, Clock, Flag, GitBranch, Globe, MessageSquare, Ticket, Variable, Zap, type LucideIcon } from 'lucide-react';
import { nodeCatalogue, nodeOutputs, type FlowNode, type NodeConfig, type NodeOutput, type NodeType } from '@moflow/flow-spec';

export type OutputHandle = NodeOutput;

export interface CatalogueEntry<T extends NodeType = NodeType> {
  type: T;
  label: string;
  description: string;
  icon: LucideIcon;
  hasInput: boolean;
  defaultConfig: () => NodeConfig<T>;
}

// Lucide SVG icons (the names flow-spec's catalogue gives): emoji depended on the system's fonts.
const glyphs: Record<NodeType, LucideIcon> = {
  trigger: Zap, match: GitBranch, lookup: Globe, ticket: Ticket, reply: MessageSquare, wait: Clock, set: Variable, subscribe: Bell, end: Flag,
};

export function entryOf<T extends NodeType>(type: T): CatalogueEntry<T> {
  const e = nodeCatalogue[type];
  // A new trigger starts with no keyword: a default one (JOIN) is likely owned by a published flow.
  const defaultConfig = (type === 'trigger' ? () => ({ ...nodeCatalogue.trigger.defaultConfig(), keywords: [] }) : e.defaultConfig) as () => NodeConfig<T>;
  return { type, label: e.label, description: e.description, icon: glyphs[type], hasInput: e.hasInput, defaultConfig };
}

export const catalogue = Object.fromEntries(
  (Object.keys(glyphs) as NodeType[]).map((t) => [t, entryOf(t)]),
) as { [T in NodeType]: CatalogueEntry<T> };

export function outputsOf(node: FlowNode): OutputHandle[] {
  return nodeOutputs(node);
}

export const paletteOrder: NodeType[] = ['trigger', 'reply', 'wait', 'match', 'lookup', 'ticket', 'set', 'subscribe', 'end'];
