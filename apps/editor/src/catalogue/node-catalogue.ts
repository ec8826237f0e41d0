/**
 * What the editor needs to know per node type to draw it: label, icon, palette group, a default
 * config for a fresh node, its output handles and a one-line summary. Outputs mirror the engine's
 * handle names (ARCHITECTURE.md, node table) so edges drawn here are the ones the engine follows.
 */
import type { FlowNode, NodeConfig, NodeType } from '@moflow/flow-spec';

export interface OutputHandle { id: string; label: string }

export interface CatalogueEntry<T extends NodeType = NodeType> {
  type: T;
  label: string;
  description: string;
  icon: string;
  category: 'Start' | 'Logic' | 'Actions' | 'Messaging';
  defaultConfig: () => NodeConfig<T>;
  outputs: (config: NodeConfig<T>) => OutputHandle[];
  /** Has an input handle (everything but the trigger). */
  hasInput: boolean;
}

const next: OutputHandle[] = [{ id: 'next', label: 'next' }];

export const catalogue: { [T in NodeType]: CatalogueEntry<T> } = {
  trigger: {
    type: 'trigger', label: 'Trigger', icon: '⚡', category: 'Start', hasInput: false,
    description: 'Starts the flow when a keyword arrives (or any message, or the REST API).',
    defaultConfig: () => ({ channels: ['*'], keywords: [], match: 'first_word', foldAccents: true, foldLookalikes: true,
      typoTolerance: false, catchAll: false, rest: true, interrupt: false }),
    outputs: () => next,
  },
  match: {
    type: 'match', label: 'Match', icon: '🔀', category: 'Logic', hasInput: true,
    description: 'Routes on the text (words, phrase, number, regex) or any condition.',
    defaultConfig: () => ({ input: 'message.text', cases: [{ id: 'yes', mode: 'only_word', values: ['YES'], foldAccents: true,
      foldLookalikes: true, typoTolerance: false }] }),
    outputs: (c) => [...c.cases.map((k) => ({ id: k.id, label: k.label ?? k.id })), { id: 'other', label: 'other' }],
  },
  lookup: {
    type: 'lookup', label: 'Lookup', icon: '🔎', category: 'Actions', hasInput: true,
    description: 'Calls an HTTP API or a data table and maps the answer into vars.',
    defaultConfig: () => ({ kind: 'http', method: 'GET', url: 'https://example.com/api?phone={{ contact.phone }}', headers: {},
      timeoutMs: 5000, retries: 2, backoffMs: 250, maxResponseBytes: 262144 }),
    outputs: (c) => c.kind === 'table'
      ? [{ id: 'found', label: 'found' }, { id: 'not_found', label: 'not found' }]
      : [{ id: 'success', label: 'success' }, { id: 'failure', label: 'failure' }],
  },
  ticket: {
    type: 'ticket', label: 'Ticket', icon: '🎫', category: 'Actions', hasInput: true,
    description: 'Opens a ticket in the Moflow inbox (optionally forwarded to the helpdesk).',
    defaultConfig: () => ({ subject: 'SMS from {{ contact.phone }}', body: '{{ message.text }}', team: 'support', priority: 'normal',
      forward: false, resultVar: 'ticketId' }),
    outputs: () => next,
  },
  reply: {
    type: 'reply', label: 'Reply', icon: '💬', category: 'Messaging', hasInput: true,
    description: 'Sends an SMS back to the contact.',
    defaultConfig: () => ({ text: 'Thanks for your message!' }),
    outputs: () => next,
  },
  wait: {
    type: 'wait', label: 'Wait for reply', icon: '⏳', category: 'Messaging', hasInput: true,
    description: "Waits for the contact's next message, with a timeout.",
    defaultConfig: () => ({ timeoutSeconds: 86400, collectSeconds: 0, resultVar: 'reply' }),
    outputs: () => [{ id: 'reply', label: 'reply' }, { id: 'timeout', label: 'timeout' }],
  },
  set: {
    type: 'set', label: 'Set variable', icon: '🧮', category: 'Logic', hasInput: true,
    description: 'Assigns vars or contact fields from an expression.',
    defaultConfig: () => ({ assignments: [{ target: 'vars.value', expression: 'message.text' }] }),
    outputs: () => next,
  },
  subscribe: {
    type: 'subscribe', label: 'Subscribe', icon: '📋', category: 'Actions', hasInput: true,
    description: 'Opts the contact in or out of a list.',
    defaultConfig: () => ({ list: 'newsletter', action: 'subscribe' }),
    outputs: () => next,
  },
  end: {
    type: 'end', label: 'End', icon: '⏹', category: 'Logic', hasInput: true,
    description: 'Ends the run.',
    defaultConfig: () => ({ status: 'completed' }),
    outputs: () => [],
  },
};

export function entryOf<T extends NodeType>(type: T): CatalogueEntry<T> {
  return catalogue[type] as CatalogueEntry<T>;
}

export function outputsOf(node: FlowNode): OutputHandle[] {
  // The discriminated union guarantees config matches type; TS cannot correlate the two here.
  return (catalogue[node.type].outputs as (c: FlowNode['config']) => OutputHandle[])(node.config);
}

export const paletteOrder: NodeType[] = ['trigger', 'reply', 'wait', 'match', 'lookup', 'ticket', 'set', 'subscribe', 'end'];
