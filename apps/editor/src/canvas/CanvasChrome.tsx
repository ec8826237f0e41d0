import { useCallback, useEffect, useRef, useState } from 'react';
import { Background, ControlButton, Controls, MiniMap, useReactFlow, useStore, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { Maximize } from 'lucide-react';
import { safeViewport } from '../utils/fit-viewport';
import { isCompact } from './FlowNodeCard';

/** Fit view that never leaves a step under the minimap or the zoom controls (see utils/fit-viewport). */
export function useFitAll(): (options?: { duration?: number }) => void {
  const rf = useReactFlow();
  const store = useStoreApi();
  return useCallback((options) => {
    const s = store.getState();
    const nodes = rf.getNodes().filter((n) => !n.hidden);
    if (nodes.length === 0 || !s.width || !s.height) return;
    void rf.setViewport(safeViewport(rf.getNodesBounds(nodes), s.width, s.height, s.minZoom, s.maxZoom), options);
  }, [rf, store]);
}

/** Every step has a size: measured, or estimated for a step not drawn yet (see utils/node-estimate). */
function allSized(s: ReactFlowState): boolean {
  // panZoom too: the pane gets its size in an effect that runs before the one that makes it zoomable.
  if (!s.width || !s.height || !s.panZoom || s.nodeLookup.size === 0) return false;
  for (const n of s.nodeLookup.values()) if (!(n.measured.width ?? n.initialWidth) || !(n.measured.height ?? n.initialHeight)) return false;
  return true;
}

/** Every step in view has been drawn and measured. */
function viewMeasured(s: ReactFlowState): boolean {
  const [tx, ty, zoom] = s.transform;
  const left = -tx / zoom; const top = -ty / zoom; const right = left + s.width / zoom; const bottom = top + s.height / zoom;
  for (const n of s.nodeLookup.values()) {
    if (n.measured.width && n.measured.height) continue;
    const { x, y } = n.internals.positionAbsolute;
    if (x < right && x + (n.initialWidth ?? 0) > left && y < bottom && y + (n.initialHeight ?? 0) > top) return false;
  }
  return true;
}

/**
 * Fits on opening: first as soon as every step has a size (at once when sizes are estimated, so the
 * canvas draws only the steps that will be in view), then once more when the steps in view have
 * been measured, in case the estimates were off. A store subscription that ends after that, rather
 * than `useNodesInitialized`, which would walk every node on each drag frame for good.
 */
function FitOnOpen() {
  const store = useStoreApi();
  const fit = useFitAll();
  useEffect(() => {
    let fits = 0;
    const check = (s: ReactFlowState) => {
      if (fits === 0) {
        if (!allSized(s)) return;
        // Sizes all measured (nothing estimated): this fit is the final one.
        const exact = [...s.nodeLookup.values()].every((n) => n.measured.width);
        fits = exact ? 2 : 1;
        if (exact) unsubscribe();
        fit();
      } else if (fits === 1 && viewMeasured(s)) {
        fits = 2;
        unsubscribe();
        fit();
      }
    };
    const unsubscribe = store.subscribe(check);
    check(store.getState());
    return () => { fits = 2; unsubscribe(); };
  }, [store, fit]);
  return null;
}

/**
 * Crossing DETAIL_ZOOM redraws every step in view compact or in full: their handles move (a match
 * step's outputs sit under its answers' labels in full) even where a step keeps its size, which a
 * ResizeObserver would not report, so the steps are measured again, all in one update.
 */
function RemeasureOnDetailChange() {
  const compact = useStore(isCompact);
  const store = useStoreApi();
  const drawn = useRef(compact);
  useEffect(() => {
    if (drawn.current === compact) return;
    drawn.current = compact;
    // One pass over the drawn steps (useUpdateNodeInternals would look each id up in the DOM).
    const frame = requestAnimationFrame(() => {
      const { domNode, updateNodeInternals } = store.getState();
      const updates = new Map<string, { id: string; nodeElement: HTMLDivElement; force: boolean }>();
      for (const el of Array.from(domNode?.querySelectorAll<HTMLDivElement>('.react-flow__node') ?? [])) {
        const id = el.dataset.id;
        if (id) updates.set(id, { id, nodeElement: el, force: true });
      }
      updateNodeInternals(updates);
    });
    return () => cancelAnimationFrame(frame);
  }, [compact, store]);
  return null;
}

/**
 * True from the task after the canvas's first frame. The minimap draws every step of the flow (a
 * rectangle each, not only those in view): on a big flow it waits until the flow itself is shown.
 */
function useAfterFirstFrame(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = () => { timer = setTimeout(() => setReady(true), 0); };
    if (typeof requestAnimationFrame !== 'function') { later(); return () => clearTimeout(timer); }
    const frame = requestAnimationFrame(later);
    return () => { cancelAnimationFrame(frame); clearTimeout(timer); };
  }, []);
  return ready;
}

/**
 * What floats over every canvas: grid, minimap (bottom right, from the second frame on), zoom controls in a row (bottom left,
 * low enough that a fitted flow clears them), and the fit-on-open. Children of `<ReactFlow>`.
 */
export function CanvasChrome({ fitOnOpen }: { fitOnOpen: boolean }) {
  const fit = useFitAll();
  const afterFirstFrame = useAfterFirstFrame();
  return (
    <>
      <Background gap={20} />
      {afterFirstFrame && <MiniMap pannable zoomable ariaLabel="Mini map" />}
      <Controls showInteractive={false} showFitView={false} orientation="horizontal" aria-label="Zoom controls">
        <ControlButton onClick={() => fit({ duration: 300 })} title="Fit the whole flow in view" aria-label="Fit the whole flow in view"><Maximize size={14} aria-hidden /></ControlButton>
      </Controls>
      {fitOnOpen && <FitOnOpen />}
      <RemeasureOnDetailChange />
    </>
  );
}
