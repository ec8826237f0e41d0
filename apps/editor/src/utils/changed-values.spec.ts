import { describe, expect, it } from 'vitest';
import type { FlowNode } from '@moflow/flow-spec';
import { changedValues } from './changed-values';

describe('changedValues', () => {
  it('shows old and new text of each changed field in plain words, leaving positions out', () => {
    const a = { id: 'r', type: 'reply', label: 'Price', position: { x: 0, y: 0 }, config: { text: 'Small: $8' } } as FlowNode;
    const b = { id: 'r', type: 'reply', position: { x: 5, y: 0 }, config: { text: 'Small: $9', channelId: 'ch' } } as FlowNode;
    expect(changedValues(a, b, ['config.channelId', 'config.text', 'label', 'position.x'])).toEqual([
      { field: 'channel id', before: '(none)', after: 'ch' },
      { field: 'text', before: 'Small: $8', after: 'Small: $9' },
      { field: 'label', before: 'Price', after: '(none)' },
    ]);
  });
  it('joins lists of words', () => {
    const a = { id: 't', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: ['PIZZA'] } } as unknown as FlowNode;
    const b = { ...a, config: { keywords: ['PIZZA', 'PIE'] } } as unknown as FlowNode;
    expect(changedValues(a, b, ['config.keywords'])).toEqual([{ field: 'keywords', before: 'PIZZA', after: 'PIZZA, PIE' }]);
  });
});
