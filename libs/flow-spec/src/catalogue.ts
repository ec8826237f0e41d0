/**
 * What the editor needs to know about each node type: how to present it, what a freshly dropped node
 * contains, and which output handles it has (static, or derived from its config). The validator uses
 * the same `outputs` so the canvas and the publish check never disagree about handles.
 */
import type { z } from 'zod';
import { nodeConfigSchemas, type FlowNode, type NodeConfig, type NodeType } from './definition';

export type NodeCategory = 'start' | 'logic' | 'integration' | 'messaging' | 'contact' | 'flow';

export interface NodeOutput {
  /** The `sourceHandle` of edges leaving this output. */
  id: string;
  label: string;
}

export interface NodeCatalogueEntry<T extends NodeType> {
  type: T;
  label: string;
  description: string;
  /** Lucide icon name. */
  icon: string;
  category: NodeCategory;
  /** False for nodes nothing may lead into (the trigger). */
  hasInput: boolean;
  configSchema: (typeof nodeConfigSchemas)[T];
  /** A valid config for a node just dropped on the canvas. */
  defaultConfig(): NodeConfig<T>;
  outputs(config: NodeConfig<T>): NodeOutput[];
  /** One short line for the canvas. */
  summary(config: NodeConfig<T>): string;
}

export type NodeCatalogue = { [T in NodeType]: NodeCatalogueEntry<T> };

const NEXT: NodeOutput[] = [{ id: 'next', label: 'Next' }];

function parseDefault<T extends NodeType>(type: T, input: z.input<(typeof nodeConfigSchemas)[T]>): NodeConfig<T> {
  return nodeConfigSchemas[type].parse(input) as NodeConfig<T>;
}

function clip(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function duration(seconds: number): string {
  if (seconds % 86_400 === 0) return plural(seconds / 86_400, 'day');
  if (seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}

export const nodeCatalogue: NodeCatalogue = {
  trigger: {
    type: 'trigger', label: 'Trigger', icon: 'zap', category: 'start', hasInput: false,
    description: 'Starts the flow when an inbound message matches a keyword, for any unclaimed message, or through the REST API.',
    configSchema: nodeConfigSchemas.trigger,
    defaultConfig: () => parseDefault('trigger', { keywords: ['JOIN'] }),
    outputs: () => NEXT,
    summary: (c) => {
      const starts = c.keywords.length > 0 ? [`${c.match.replace('_', ' ')}: ${c.keywords.join(', ')}`] : [];
      if (c.catchAll) starts.push('any message');
      if (c.rest) starts.push('REST');
      return clip(starts.join(' · ') || 'never starts');
    },
  },
  match: {
    type: 'match', label: 'Match', icon: 'git-branch', category: 'logic', hasInput: true,
    description: 'Routes on the text of the message (words, phrase, regex, number) or any JSONata condition.',
    configSchema: nodeConfigSchemas.match,
    defaultConfig: () =>
      parseDefault('match', { cases: [{ id: 'yes', mode: 'first_word', values: ['YES', 'Y'] }, { id: 'no', mode: 'first_word', values: ['NO', 'N'] }] }),
    outputs: (c) => [
      ...c.cases.map((k) => ({ id: k.id, label: k.label ?? (k.values.length > 0 ? clip(k.values.join(', '), 30) : k.id) })),
      { id: 'other', label: 'Other' },
    ],
    summary: (c) => clip(`${plural(c.cases.length, 'case')} on ${c.input}`),
  },
  lookup: {
    type: 'lookup', label: 'Lookup', icon: 'globe', category: 'integration', hasInput: true,
    description: 'Calls an HTTP API or looks a key up in a data table, mapping the result into vars.',
    configSchema: nodeConfigSchemas.lookup,
    defaultConfig: () => parseDefault('lookup', { kind: 'http', url: 'https://api.example.com/customers/{{ $encodeUrlComponent(message.from) }}' }),
    outputs: (c) =>
      c.kind === 'http'
        ? [{ id: 'success', label: 'Success' }, { id: 'failure', label: 'Failure' }]
        : [{ id: 'found', label: 'Found' }, { id: 'not_found', label: 'Not found' }],
    summary: (c) => clip(c.kind === 'http' ? `${c.method} ${c.url}` : `${c.table}[${c.key}]`),
  },
  ticket: {
    type: 'ticket', label: 'Ticket', icon: 'ticket', category: 'integration', hasInput: true,
    description: "Opens a ticket in Moflow's inbox, optionally forwarded to the helpdesk webhook; its id goes into vars.",
    configSchema: nodeConfigSchemas.ticket,
    defaultConfig: () => parseDefault('ticket', { subject: 'Request from {{ message.from }}', body: '{{ message.text }}' }),
    outputs: () => NEXT,
    summary: (c) => clip(`${c.priority} · ${c.team}: ${c.subject}`),
  },
  reply: {
    type: 'reply', label: 'Reply', icon: 'message-square', category: 'messaging', hasInput: true,
    description: 'Sends an SMS to the contact; the text is a template with {{ }} placeholders.',
    configSchema: nodeConfigSchemas.reply,
    defaultConfig: () => parseDefault('reply', { text: 'Thanks for your message!' }),
    outputs: () => NEXT,
    summary: (c) => clip(c.text),
  },
  wait: {
    type: 'wait', label: 'Wait for reply', icon: 'clock', category: 'messaging', hasInput: true,
    description: "Waits for the contact's next message, or takes the timeout path.",
    configSchema: nodeConfigSchemas.wait,
    defaultConfig: () => parseDefault('wait', { timeoutSeconds: 3600 }),
    outputs: () => [{ id: 'reply', label: 'Reply' }, { id: 'timeout', label: 'Timeout' }],
    summary: (c) => `up to ${duration(c.timeoutSeconds)} → vars.${c.resultVar}`,
  },
  set: {
    type: 'set', label: 'Set', icon: 'variable', category: 'logic', hasInput: true,
    description: 'Assigns vars or contact fields from JSONata expressions.',
    configSchema: nodeConfigSchemas.set,
    defaultConfig: () => parseDefault('set', { assignments: [{ target: 'vars.answer', expression: 'message.text' }] }),
    outputs: () => NEXT,
    summary: (c) => clip(c.assignments.map((a) => a.target).join(', ')),
  },
  subscribe: {
    type: 'subscribe', label: 'Subscribe', icon: 'bell', category: 'contact', hasInput: true,
    description: 'Opts the contact in to or out of a list.',
    configSchema: nodeConfigSchemas.subscribe,
    defaultConfig: () => parseDefault('subscribe', { list: 'newsletter' }),
    outputs: () => NEXT,
    summary: (c) => clip(`${c.action} ${c.list}`),
  },
  end: {
    type: 'end', label: 'End', icon: 'flag', category: 'flow', hasInput: true,
    description: 'Ends the run, as completed or failed.',
    configSchema: nodeConfigSchemas.end,
    defaultConfig: () => parseDefault('end', {}),
    outputs: () => [],
    summary: (c) => clip(c.reason ? `${c.status}: ${c.reason}` : c.status),
  },
};

/** Output handles of a node, derived from its config. */
export function nodeOutputs(node: FlowNode): NodeOutput[] {
  const entry = nodeCatalogue[node.type] as NodeCatalogueEntry<NodeType>;
  return entry.outputs(node.config as NodeConfig<NodeType>);
}

/** Canvas summary of a node. */
export function nodeSummary(node: FlowNode): string {
  const entry = nodeCatalogue[node.type] as NodeCatalogueEntry<NodeType>;
  return entry.summary(node.config as NodeConfig<NodeType>);
}
