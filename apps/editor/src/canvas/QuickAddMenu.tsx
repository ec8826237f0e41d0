import { useEffect, useRef } from 'react';
import { catalogue, paletteOrder } from '../catalogue/node-catalogue';
import type { NodeType } from '@moflow/flow-spec';

/** Steps that can follow another (a trigger has no input). */
const followers = paletteOrder.filter((t) => catalogue[t].hasInput);

/**
 * The menu that opens where a connection was dropped on empty canvas (as Twilio Studio and n8n do):
 * picking a step adds it there, connected from the output the drag started at. Escape or a click
 * elsewhere closes it.
 */
export function QuickAddMenu({ at, onPick, onClose }: { at: { x: number; y: number }; onPick: (type: NodeType) => void; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') close.current(); };
    const onDown = (e: PointerEvent) => { if (!ref.current?.contains(e.target as Node)) close.current(); };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onDown, true);
    return () => { window.removeEventListener('keydown', onKey); window.removeEventListener('pointerdown', onDown, true); };
  }, []);
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const items = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
  };
  return (
    <div ref={ref} className="quick-add" role="menu" aria-label="Add a step here" style={{ left: at.x, top: at.y }} onKeyDown={onKeyDown}>
      <p className="muted small">Add a step here</p>
      {followers.map((type) => {
        const e = catalogue[type];
        return (
          <button key={type} type="button" role="menuitem" onClick={() => onPick(type)} title={e.description}>
            <e.icon className="icon" size={14} aria-hidden /> {e.label}
          </button>
        );
      })}
    </div>
  );
}
