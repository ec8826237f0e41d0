import type { Locator, Page } from 'playwright-core';

/** The console's analytics: a flow's step counts on the canvas and its charts; a channel's figures. */
export class AnalyticsPage {
  constructor(private readonly page: Page) {}

  async openFromNav(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics', exact: true }).click();
    await this.page.getByRole('heading', { name: 'Analytics', exact: true }).waitFor();
  }

  async openFlow(name: string): Promise<void> {
    const loaded = this.page.waitForResponse((r) => /\/api\/v1\/flows\/[^/]+\/analytics\?/.test(r.url()) && r.ok());
    await this.page.getByRole('region', { name: 'Flows' }).getByRole('link', { name, exact: true }).click();
    await loaded;
  }

  async openChannel(name: string): Promise<void> {
    const loaded = this.page.waitForResponse((r) => /\/api\/v1\/channels\/[^/]+\/analytics\?/.test(r.url()) && r.ok());
    await this.page.getByRole('region', { name: 'Channels' }).getByRole('link', { name, exact: true }).click();
    await loaded;
  }

  /** The badge a step carries on the analytics canvas. */
  badge(nodeId: string): Locator {
    return this.page.getByTestId(`rf__node-${nodeId}`).getByTestId('node-badge');
  }

  figure(name: string): Locator {
    return this.page.getByRole('figure', { name, exact: true });
  }
}
