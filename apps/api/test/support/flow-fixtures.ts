/** A small valid flow: trigger(keywords) → reply → end, on the given channels. */
export function keywordFlow(keywords: string[], text = 'Hello!', channels: string[] = ['*']) {
  return {
    specVersion: 1,
    nodes: [
      { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { channels, keywords, match: 'first_word' } },
      { id: 'hello', type: 'reply', position: { x: 0, y: 120 }, config: { text } },
      { id: 'done', type: 'end', position: { x: 0, y: 240 }, config: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'hello' },
      { id: 'e2', source: 'hello', sourceHandle: 'next', target: 'done' },
    ],
  };
}
