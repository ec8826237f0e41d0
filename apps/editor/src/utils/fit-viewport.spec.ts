import { describe, expect, it } from 'vitest';
import { canvasChrome, safeViewport } from './fit-viewport';

/** The screen rectangle a flow-space rectangle lands on. */
function onScreen(r: { x: number; y: number; width: number; height: number }, v: { x: number; y: number; zoom: number }) {
  return { left: r.x * v.zoom + v.x, top: r.y * v.zoom + v.y, right: (r.x + r.width) * v.zoom + v.x, bottom: (r.y + r.height) * v.zoom + v.y };
}
function clearOfChrome(r: ReturnType<typeof onScreen>, w: number, h: number): boolean {
  const inside = r.left >= 0 && r.top >= 0 && r.right <= w && r.bottom <= h;
  const underMinimap = r.right > w - canvasChrome.minimap.width && r.bottom > h - canvasChrome.minimap.height;
  const underControls = r.bottom > h - canvasChrome.controls.height;
  return inside && !underMinimap && !underControls;
}

describe('safeViewport', () => {
  const W = 1000;
  const H = 700;
  it.each([
    ['a wide flow', { x: 0, y: 0, width: 3000, height: 400 }],
    ['a tall flow', { x: 0, y: 0, width: 260, height: 2400 }],
    ['a square flow', { x: -200, y: 100, width: 900, height: 900 }],
    ['one step', { x: 40, y: 40, width: 240, height: 110 }],
  ])('keeps %s entirely on screen and off the minimap and the zoom controls', (_name, bounds) => {
    const v = safeViewport(bounds, W, H, 0.1, 2);
    expect(clearOfChrome(onScreen(bounds, v), W, H)).toBe(true);
  });

  it('picks the side that draws a tall flow larger than clearing the whole bottom strip would', () => {
    const tall = { x: 0, y: 0, width: 260, height: 2400 };
    const v = safeViewport(tall, W, H, 0.1, 2);
    expect(v.zoom).toBeCloseTo((H - 24 - canvasChrome.controls.height - 24) / 2400, 3);
  });
});
