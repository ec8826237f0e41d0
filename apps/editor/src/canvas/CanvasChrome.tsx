import { useCallback, useEffect } from 'react';
import { Background, ControlButton, Controls, MiniMap, useReactFlow, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { Maximize } from 'lucide-react';
import { safeViewport } from '../utils/fit-viewport';

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

function allMeasured(s: ReactFlowState): boolean {
  if (!s.width || !s.height || s.nodeLookup.size === 0) return false;
  for (const n of s.nodeLookup.values()) if (!n.measured.width || !n.measured.height) return false;
  return true;
}

/**
 * Fits once, as soon as every step has been measured. A store subscription that ends after the fit,
 * rather than `useNodesInitialized`, which would walk every node on each drag frame for good.
 */
function FitOnOpen() {
  const store = useStoreApi();
  const fit = useFitAll();
  useEffect(() => {
    let done = false;
    const check = (s: ReactFlowState) => {
      if (done || !allMeasured(s)) return;
      done = true;
      unsubscribe();
      fit();
    };
    const unsubscribe = store.subscribe(check);
    check(store.getState());
    return () => { done = true; unsubscribe(); };
  }, [store, fit]);
  return null;
}

/**
 * What floats over every canvas: grid, minimap (bottom right), zoom controls in a row (bottom left,
 * low enough that a fitted flow clears them), and the fit-on-open. Children of `<ReactFlow>`.
 */
export function CanvasChrome({ fitOnOpen }: { fitOnOpen: boolean }) {
  const fit = useFitAll();
  return (
    <>
      <Background gap={20} />
      <MiniMap pannable zoomable ariaLabel="Mini map" />
      <Controls showInteractive={false} showFitView={false} orientation="horizontal" aria-label="Zoom controls">
        <ControlButton onClick={() => fit({ duration: 300 })} title="Fit the whole flow in view" aria-label="Fit the whole flow in view"><Maximize size={14} aria-hidden /></ControlButton>
      </Controls>
      {fitOnOpen && <FitOnOpen />}
    </>
  );
}
