import { describe, expect, it } from 'vitest';
import type { NodeProps } from '@xyflow/react';
import type { RfNode } from '../utils/to-react-flow';
import { cardPropsEqual } from './FlowNodeCard';

const data = { node: { id: 'a', type: 'end', position: { x: 0, y: 0 }, config: { status: 'completed' } }, errors: [], warnings: [], paint: null, onPath: false, active: false, badge: null } as unknown as RfNode['data'];
const props = (over: Partial<NodeProps<RfNode>> = {}) => ({
  id: 'a', type: 'end', data, selected: false, isConnectable: true, positionAbsoluteX: 0, positionAbsoluteY: 0, dragging: false, zIndex: 0,
  selectable: true, deletable: true, draggable: true, ...over,
}) as NodeProps<RfNode>;

describe('cardPropsEqual', () => {
  it('ignores what changes on every drag frame and on measuring: position, size, z-index, dragging', () => {
    expect(cardPropsEqual(props(), props({ positionAbsoluteX: 40, positionAbsoluteY: 20, dragging: true, zIndex: 1000, width: 240, height: 96 }))).toBe(true);
  });
  it('re-renders for what the card draws: data, selection, connectability', () => {
    expect(cardPropsEqual(props(), props({ data: { ...data, errors: ['x'] } }))).toBe(false);
    expect(cardPropsEqual(props(), props({ selected: true }))).toBe(false);
    expect(cardPropsEqual(props(), props({ isConnectable: false }))).toBe(false);
  });
});
