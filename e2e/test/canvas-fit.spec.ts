import { describe, expect, it } from 'vitest';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { EditorPage, type Box } from '../pages/editor.page';
import { LoginPage } from '../pages/login.page';

/** A 4 × 3 grid of steps: the one at the bottom right is where the minimap sits. */
function gridFlow(keyword: string): FlowDefinitionInput {
  const nodes: FlowDefinitionInput['nodes'] = [{ id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: [keyword] } }];
  const edges: FlowDefinitionInput['edges'] = [];
  for (let i = 1; i < 12; i++) {
    nodes.push({ id: `r${i}`, type: 'reply', position: { x: (i % 4) * 320, y: Math.floor(i / 4) * 200 }, config: { text: `Message ${i}` } });
    edges.push({ id: `e${i}`, source: i === 1 ? 'start' : `r${i - 1}`, sourceHandle: 'next', target: `r${i}` });
  }
  return { specVersion: 1, nodes, edges };
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, outer: Box) => a.x >= outer.x - 1 && a.y >= outer.y - 1 && a.x + a.width <= outer.x + outer.width + 1 && a.y + a.height <= outer.y + outer.height + 1;

describe.skipIf(skipReason)('every step stays visible', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);

  async function expectAllVisible(editor: EditorPage): Promise<Box> {
    const l = await editor.layoutBoxes();
    expect(l.nodes).toHaveLength(12);
    for (const n of l.nodes) {
      expect({ id: n.id, inside: inside(n.box, l.canvas) }).toEqual({ id: n.id, inside: true });
      expect({ id: n.id, underMinimap: overlaps(n.box, l.minimap) }).toEqual({ id: n.id, underMinimap: false });
      expect({ id: n.id, underControls: overlaps(n.box, l.controls) }).toEqual({ id: n.id, underControls: false });
    }
    return l.canvas;
  }

  it('on opening a flow, after Fit view, and after publishing (the notice does not shrink the canvas)', async () => {
    const flow = await env.api.createFlow({ name: 'Grid (e2e)', definition: gridFlow('GRID') });
    const { page } = await watched.open();
    await new LoginPage(page).signIn(env.email, env.password);
    const editor = new EditorPage(page);
    await editor.open(flow.id);
    await editor.node('r11').waitFor();
    // The fit on open runs once every step is measured; wait for the viewport to settle.
    await expect.poll(async () => (await expectAllVisible(editor).then(() => true, () => false)), { timeout: 10_000 }).toBe(true);
    const before = await expectAllVisible(editor);

    // Zoom right in, then Fit view brings every step back, clear of the minimap and controls.
    await page.getByLabel('Flow canvas').hover({ position: { x: 300, y: 200 } });
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -400);
    await page.getByRole('button', { name: 'Fit view', exact: true }).click();
    await expect.poll(async () => (await expectAllVisible(editor).then(() => true, () => false)), { timeout: 10_000 }).toBe(true);

    const dialog = await editor.publish();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Published as v1.').waitFor();
    const after = await expectAllVisible(editor);
    expect(after.height).toBe(before.height);
  });
});
