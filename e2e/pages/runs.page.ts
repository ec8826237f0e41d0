import type { Locator, Page } from 'playwright-core';

/** The ops console's runs list and run page. */
export class RunsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/#/runs');
    await this.page.getByRole('heading', { name: 'Runs' }).waitFor();
  }

  async searchContact(number: string): Promise<void> {
    await this.page.getByLabel('Contact number').fill(number);
    const listed = this.page.waitForResponse((r) => r.url().includes('/api/v1/runs?') && r.url().includes('contact='));
    await this.page.getByRole('button', { name: 'Search' }).click();
    await listed;
  }

  rows(): Locator {
    return this.page.locator('[data-testid^="run-row-"]');
  }

  async openRun(index = 0): Promise<void> {
    await this.rows().nth(index).getByRole('link').click();
    await this.page.getByRole('region', { name: 'Run summary' }).waitFor();
  }

  step(nodeId: string): Locator {
    return this.page.getByTestId(`step-${nodeId}`);
  }

  summary(): Locator {
    return this.page.getByRole('region', { name: 'Run summary' });
  }
}
