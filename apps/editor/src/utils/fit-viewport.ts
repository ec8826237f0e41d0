/**
 * Where Fit view puts the flow so that no step ends up under the minimap or the zoom controls,
 * which float over the canvas's bottom corners. Two ways keep the corners clear: leave the whole
 * bottom strip free (good for wide flows), or the right-hand column plus the controls' short bottom
 * strip (good for tall flows); the one that draws the flow larger wins.
 */
import { getViewportForBounds, type Rect, type Viewport } from '@xyflow/react';

/** Sizes of what floats over the canvas, in screen pixels, margins included (see FlowCanvas). */
export const canvasChrome = { minimap: { width: 200 + 15, height: 150 + 15 }, controls: { height: 32 + 15 } } as const;
const GAP = 24;

export function safeViewport(bounds: Rect, width: number, height: number, minZoom: number, maxZoom: number): Viewport {
  const px = (n: number) => `${n}px` as const;
  const clearBottom = { top: px(GAP), left: px(GAP), right: px(GAP), bottom: px(canvasChrome.minimap.height + GAP) };
  const clearRight = { top: px(GAP), left: px(GAP), right: px(canvasChrome.minimap.width + GAP), bottom: px(canvasChrome.controls.height + GAP) };
  const a = getViewportForBounds(bounds, width, height, minZoom, maxZoom, clearBottom);
  const b = getViewportForBounds(bounds, width, height, minZoom, maxZoom, clearRight);
  return b.zoom > a.zoom ? b : a;
}
