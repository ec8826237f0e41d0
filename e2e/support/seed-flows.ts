import type { FlowDefinitionInput } from '@moflow/flow-spec';

/** Trigger → set (an expression) → reply, the smallest flow with a JSONata field to break. */
export function flowWithExpression(keyword: string): FlowDefinitionInput {
  return { specVersion: 1, nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: [keyword] } },
    { id: 'score', type: 'set', position: { x: 0, y: 180 }, config: { assignments: [{ target: 'vars.points', expression: '$length(message.text) * 2' }] } },
    { id: 'answer', type: 'reply', position: { x: 0, y: 360 }, config: { text: 'You scored {{ vars.points }} points.' } },
    { id: 'done', type: 'end', position: { x: 0, y: 540 }, config: {} },
  ], edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'score' },
    { id: 'e2', source: 'score', sourceHandle: 'next', target: 'answer' },
    { id: 'e3', source: 'answer', sourceHandle: 'next', target: 'done' },
  ] };
}
