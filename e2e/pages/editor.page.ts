/**
 * The flow editor as a user sees it: palette, canvas nodes (by `data-testid="rf__node-<id>"`),
 * the side panel, and the save request to wait on instead of sleeping.
 */
import type { Locator, Page, Response } from 'playwright-core';
import { expect } from 'vitest';

export interface Box { x: number; y: number; width: number; height: number }

export class EditorPage {
  constructor(readonly page: Page) {}

  async open(flowId: string): Promise<void> {
    await this.page.goto(`/#/flows/${flowId}`);
    await this.page.getByLabel('Flow canvas').waitFor();
  }

  node(id: string): Locator {
    return this.page.getByTestId(`rf__node-${id}`);
  }
  nodes(): Locator {
    return this.page.locator('[data-testid^="rf__node-"]');
  }
  edge(id: string): Locator {
    return this.page.getByTestId(`rf__edge-${id}`);
  }
  outputHandle(nodeId: string, handle: string): Locator {
    return this.node(nodeId).locator(`.react-flow__handle.source[data-handleid="${handle}"]`);
  }
  get sidePanel(): Locator {
    return this.page.getByTestId('side-panel');
  }

  /** Drags a palette entry onto the canvas at (x, y) relative to the canvas pane, with the mouse. */
  async dragFromPalette(type: string, x: number, y: number): Promise<void> {
    const pane = this.page.locator('.react-flow__pane');
    await this.page.getByTestId(`palette-${type}`).dragTo(pane, { targetPosition: { x, y } });
  }

  /** Drags from an output handle of one node to the input handle of another. */
  async connect(sourceId: string, handle: string, targetId: string): Promise<void> {
    const from = this.node(sourceId).locator(`.react-flow__handle.source[data-handleid="${handle}"]`);
    const to = this.node(targetId).locator('.react-flow__handle.target');
    const a = await from.boundingBox();
    const b = await to.boundingBox();
    if (!a || !b) throw new Error(`handles of ${sourceId}/${targetId} not visible`);
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
    await this.page.mouse.up();
  }

  /** Waits until a step is drawn and stays put for two frames (e.g. after Fit view's animation). */
  async settled(id: string): Promise<void> {
    const at = async () => JSON.stringify(await this.node(id).boundingBox());
    let last = '';
    await expect.poll(async () => {
      const now = await at();
      await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
      const again = await at();
      const stable = now === again && again !== 'null' && again === last;
      last = again;
      return stable;
    }, { timeout: 10_000 }).toBe(true);
  }

  /** Resolves with the next draft save (PUT /api/v1/flows/:id). */
  nextSave(): Promise<Response> {
    return this.page.waitForResponse((r) => r.request().method() === 'PUT' && /\/api\/v1\/flows\/[^/]+$/.test(r.url()), { timeout: 15_000 });
  }

  /** The side panel's "Next steps" select for one output, by the output's label. */
  nextStepFor(outputLabel: string): Locator {
    return this.sidePanel.getByRole('group', { name: 'Next steps' }).getByLabel(`${outputLabel} →`);
  }

  /** Changes the output id of the selected match step's answer (index from 0), under Advanced. */
  async renameOutput(caseIndex: number, id: string): Promise<void> {
    const advanced = this.sidePanel.getByRole('checkbox', { name: /^Advanced/ });
    if (!(await advanced.isChecked())) await advanced.check();
    await this.sidePanel.locator('fieldset.case').nth(caseIndex).getByLabel('Output id').fill(id);
  }

  /** Screen boxes of every step, and of what floats over the canvas. */
  async layoutBoxes(): Promise<{ canvas: Box; minimap: Box; controls: Box; nodes: { id: string; box: Box }[] }> {
    const box = async (l: Locator) => { const b = await l.boundingBox(); if (!b) throw new Error('not visible'); return b; };
    const ids = await this.nodes().evaluateAll((els) => els.map((e) => (e.getAttribute('data-testid') ?? '').replace('rf__node-', '')));
    return {
      canvas: await box(this.page.locator('.react-flow').first()),
      minimap: await box(this.page.locator('.react-flow__minimap')),
      controls: await box(this.page.locator('.react-flow__controls')),
      nodes: await Promise.all(ids.map(async (id) => ({ id, box: await box(this.node(id)) }))),
    };
  }

  async select(id: string): Promise<void> {
    await this.node(id).locator('.node-header').click();
    await this.sidePanel.waitFor();
  }

  async publish(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = this.page.getByTestId('publish-dialog');
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    return dialog;
  }

  async openSimulator(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Simulate' }).click();
    const sim = this.page.getByTestId('simulator');
    await sim.waitFor();
    return sim;
  }

  async sendInSimulator(text: string): Promise<void> {
    const sim = this.page.getByTestId('simulator');
    await sim.getByLabel('Message to send').fill(text);
    const done = this.page.waitForResponse((r) => r.url().endsWith('/simulate'));
    await sim.getByLabel('Message to send').press('Enter');
    await done;
  }
}
