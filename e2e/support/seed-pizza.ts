import type { FlowDefinitionInput } from '@moflow/flow-spec';

/**
 * The "Pizza order" flow a marketer builds (keyword PIZZA → ask size → wait → match S/M/L → price),
 * with one case to start from; ids are the marketer's step names.
 */
export function pizzaFlow(keyword: string, cases: { id: string; label: string; values: string[] }[] = [{ id: 'small', label: 'Small', values: ['S', 'SMALL'] }]): FlowDefinitionInput {
  return { specVersion: 1, nodes: [
    { id: 'start', type: 'trigger', position: { x: 300, y: 0 }, config: { keywords: [keyword] } },
    { id: 'ask_size', type: 'reply', label: 'Ask size', position: { x: 300, y: 160 }, config: { text: 'What size? Reply S, M or L' } },
    { id: 'wait_size', type: 'wait', label: 'Wait for size', position: { x: 300, y: 320 }, config: { timeoutSeconds: 60, resultVar: 'size' } },
    { id: 'size', type: 'match', label: 'Which size', position: { x: 300, y: 480 }, config: { cases: cases.map((c) => ({ ...c, mode: 'only_word' })) } },
    { id: 'p_small', type: 'reply', label: 'Price small', position: { x: 0, y: 700 }, config: { text: 'Small: $8' } },
    { id: 'p_medium', type: 'reply', label: 'Price medium', position: { x: 300, y: 700 }, config: { text: 'Medium: $11' } },
    { id: 'p_large', type: 'reply', label: 'Price large', position: { x: 600, y: 700 }, config: { text: 'Large: $14' } },
  ], edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask_size' },
    { id: 'e2', source: 'ask_size', sourceHandle: 'next', target: 'wait_size' },
    { id: 'e3', source: 'wait_size', sourceHandle: 'reply', target: 'size' },
    { id: 'e4', source: 'size', sourceHandle: 'small', target: 'p_small' },
  ] };
}
