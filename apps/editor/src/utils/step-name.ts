import type { FlowNode } from '@moflow/flow-spec';
import { entryOf } from '../catalogue/node-catalogue';

/**
 * What a marketer calls a step: its name, or else one made from its id (`reply_4` → "Reply 4",
 * `ask_size` → "Ask size"). Ids are for developers; screens show this.
 */
export function stepName(node: Pick<FlowNode, 'id' | 'type' | 'label'>): string {
  const label = node.label?.trim();
  if (label) return label;
  const entry = entryOf(node.type);
  const numbered = new RegExp(`^${node.type}_(\\d+)$`).exec(node.id);
  if (numbered) return `${entry.label} ${numbered[1]}`;
  const words = node.id.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : entry.label;
}

/** "Reply ‘Ask size’": the kind of step and its name, for sentences about it. */
export function stepTitle(node: Pick<FlowNode, 'id' | 'type' | 'label'>): string {
  return `${entryOf(node.type).label} ‘${stepName(node)}’`;
}
