/**
 * The flow editor as a user sees it: palette, canvas nodes (by `data-testid="rf__node-<id>"`),
 * the side panel, and the save request to wait on instead of sleeping.
 */
import type { Locator, Page, Response } from 'playwright-core';

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

  /** Resolves with the next draft save (PUT /api/v1/flows/:id). */
  nextSave(): Promise<Response> {
    return this.page.waitForResponse((r) => r.request().method() === 'PUT' && /\/api\/v1\/flows\/[^/]+$/.test(r.url()), { timeout: 15_000 });
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
