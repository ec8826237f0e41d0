import { memo } from 'react';
import { useReactFlow } from '@xyflow/react';
import { catalogue, paletteOrder } from '../catalogue/node-catalogue';
import { useFlowStore } from '../store/flow-store';
import { PALETTE_MIME } from './FlowCanvas';

/** Node types to drag onto the canvas; a click or Enter adds the node in the middle of the view. */
export const Palette = memo(function Palette() {
  const { screenToFlowPosition } = useReactFlow();
  const addAtCentre = (type: (typeof paletteOrder)[number]) => {
    const pane = document.querySelector('.canvas')?.getBoundingClientRect();
    const p = pane ? screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 }) : undefined;
    const taken = useFlowStore.getState().definition.nodes;
    // Nudge down while the spot is occupied so repeated clicks do not stack nodes exactly.
    let pos = p ? { x: Math.round(p.x / 20) * 20 - 120, y: Math.round(p.y / 20) * 20 - 40 } : undefined;
    while (pos && taken.some((n) => Math.abs(n.position.x - pos!.x) < 40 && Math.abs(n.position.y - pos!.y) < 40)) pos = { x: pos.x, y: pos.y + 140 };
    useFlowStore.getState().addNode(type, pos);
  };
  return (
    <nav className="palette" aria-label="Node palette">
      <h2>Add a step</h2>
      <ul>
        {paletteOrder.map((type) => {
          const e = catalogue[type];
          return (
            <li key={type}>
              <button
                type="button"
                draggable
                data-testid={`palette-${type}`}
                aria-label={`Add ${e.label}`}
                title={e.description}
                onDragStart={(ev) => { ev.dataTransfer.setData(PALETTE_MIME, type); ev.dataTransfer.effectAllowed = 'move'; }}
                onClick={() => addAtCentre(type)}
              >
                <e.icon className="icon" size={16} aria-hidden /> {e.label}
              </button>
            </li>
          );
        })}
      </ul>
      <p className="muted small">Drag onto the canvas, or press Enter to add.</p>
    </nav>
  );
});
