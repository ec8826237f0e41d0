import { describe, expect, it } from 'vitest';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import type { Locator, Page } from 'playwright-core';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { EditorPage } from '../pages/editor.page';
import { LoginPage } from '../pages/login.page';

const N = 1000;

/** A chain of N steps on a 15-column grid: taller than the canvas even at the smallest zoom. */
function tallFlow(): FlowDefinitionInput {
  const kinds = ['reply', 'wait', 'match'] as const;
  const nodes: FlowDefinitionInput['nodes'] = [{ id: 'n0', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: ['TALL'] } }];
  const edges: FlowDefinitionInput['edges'] = [];
  for (let i = 1; i < N; i++) {
    const position = { x: (i % 15) * 300, y: Math.floor(i / 15) * 220 };
    const kind = kinds[i % kinds.length]!;
    const id = `n${i}`;
    if (kind === 'reply') nodes.push({ id, type: 'reply', position, config: { text: `Step ${i}` } });
    else if (kind === 'wait') nodes.push({ id, type: 'wait', position, config: { timeoutSeconds: 600 } });
    else nodes.push({ id, type: 'match', position, config: { cases: [{ id: 'yes', mode: 'only_word', values: ['YES'] }, { id: 'no', mode: 'only_word', values: ['NO'] }] } });
    const prev = nodes[i - 1]!;
    edges.push({ id: `e${i}`, source: prev.id, sourceHandle: prev.type === 'wait' ? 'timeout' : prev.type === 'match' ? 'no' : 'next', target: id });
  }
  return { specVersion: 1, nodes, edges };
}

/**
 * For every edge drawn between two drawn steps: how far (screen px) its ends are from the handles it
 * joins. Steps out of view are not drawn, so until they are, they have estimated
 * handles; a drawn step must never keep them.
 */
function edgeEndGaps(page: Page): Promise<{ edges: number; worst: number; worstEdge: string }> {
  return page.evaluate(() => {
    // An edge leaves an output at the middle of its handle's bottom side and enters at the middle of the top side.
    const anchor = (el: Element | null, side: 'top' | 'bottom') => { if (!el) return null; const r = el.getBoundingClientRect(); return { x: r.x + r.width / 2, y: side === 'top' ? r.y : r.y + r.height }; };
    let edges = 0; let worst = 0; let worstEdge = '';
    for (const g of Array.from(document.querySelectorAll('.react-flow__edge'))) {
      const id = (g.getAttribute('data-testid') ?? '').replace('rf__edge-', '');
      const i = Number(id.slice(1));
      const source = document.querySelector(`[data-id="n${i - 1}"]`);
      const target = document.querySelector(`[data-id="n${i}"]`);
      if (!source || !target) continue;
      const path = g.querySelector<SVGPathElement>('path.react-flow__edge-path')!;
      const m = path.getScreenCTM()!;
      const at = (len: number) => { const p = path.getPointAtLength(len); return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f }; };
      const out = Array.from(source.querySelectorAll('.react-flow__handle.source')).map((h) => anchor(h, 'bottom'));
      const into = anchor(target.querySelector('.react-flow__handle.target'), 'top')!;
      const start = at(0); const end = at(path.getTotalLength());
      const gapStart = Math.min(...out.map((c) => Math.hypot(c!.x - start.x, c!.y - start.y)));
      const gapEnd = Math.hypot(into.x - end.x, into.y - end.y);
      edges++;
      const gap = Math.max(gapStart, gapEnd);
      if (gap > worst) { worst = gap; worstEdge = id; }
    }
    return { edges, worst, worstEdge };
  });
}

/** Zooms in with the wheel (over `on`, else the canvas centre) until the flow is drawn at 80 % or more. */
async function zoomIn(page: Page, on?: Locator): Promise<void> {
  const box = await (on ?? page.locator('.react-flow__pane')).boundingBox();
  if (!box) throw new Error('nothing to zoom in on');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const scale = () => page.locator('.react-flow__viewport').evaluate((el) => Number(/scale\(([\d.]+)\)/.exec((el as HTMLElement).style.transform)?.[1] ?? 0));
  for (let i = 0; i < 30 && (await scale()) < 0.8; i++) await page.mouse.wheel(0, -300);
  await expect.poll(scale).toBeGreaterThanOrEqual(0.8);
}

describe.skipIf(skipReason)('a 1,000-step flow', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);

  it('draws only the steps in view, each edge on its handles, and the rest as the view moves', async () => {
    const flow = await env.api.createFlow({ name: 'Tall (e2e)', definition: tallFlow() });
    const { page } = await watched.open();
    await new LoginPage(page).signIn(env.email, env.password);
    const editor = new EditorPage(page);
    await editor.open(flow.id);
    await editor.node('n500').waitFor(); // the middle of the flow: fitted at the smallest zoom, its ends are out of view
    const drawn = await editor.nodes().count();
    expect(drawn).toBeGreaterThan(100);
    expect(drawn).toBeLessThan(N); // the fitted view (smallest zoom) shows about half of the flow

    // The drawn steps are measured: zoomed in on them, every edge between two of them meets their
    // real handles (a match step's outputs sit under its answers' labels, a few px from the estimate).
    await zoomIn(page);
    await expect.poll(async () => (await edgeEndGaps(page)).worst, { timeout: 10_000 }).toBeLessThan(1.5);
    expect((await edgeEndGaps(page)).edges).toBeGreaterThan(2);

    // The last row is out of view; panning up brings it in, drawn and measured like the others.
    await page.getByRole('button', { name: 'Fit view', exact: true }).click();
    await editor.settled('n500');
    await expect(editor.node(`n${N - 1}`).count()).resolves.toBe(0);
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (!pane) throw new Error('no pane');
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height - 60);
    await page.mouse.down();
    await page.mouse.move(pane.x + pane.width / 2, pane.y + 60, { steps: 8 });
    await page.mouse.up();
    await editor.node(`n${N - 1}`).waitFor();
    await editor.settled('n990');
    await zoomIn(page, editor.node('n990'));
    await expect.poll(async () => (await edgeEndGaps(page)).worst, { timeout: 10_000 }).toBeLessThan(1.5);
    expect((await edgeEndGaps(page)).edges).toBeGreaterThan(2);

    // A step moved by mouse is saved where it was dropped.
    const header = editor.node('n990').locator('.node-header');
    const box = await header.boundingBox();
    if (!box) throw new Error('n990 not visible');
    const saved = editor.nextSave();
    await page.mouse.move(box.x + 20, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 60, box.y + box.height / 2 + 40, { steps: 6 });
    await page.mouse.up();
    expect((await saved).ok()).toBe(true);
    const after = (await env.api.getFlow(flow.id)).definition.nodes.find((n) => n.id === 'n990')!;
    expect(after.position).not.toEqual({ x: (990 % 15) * 300, y: Math.floor(990 / 15) * 220 });
  });
});
