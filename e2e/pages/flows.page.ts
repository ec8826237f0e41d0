/**
 * The flows list as a user sees it, with the "Import from Twilio Studio or TextIt" panel and its report.
 */
import type { Locator, Page, Response } from 'playwright-core';

export class FlowsPage {
  constructor(readonly page: Page) {}

  get importPanel(): Locator {
    return this.page.getByRole('region', { name: 'Import flows' });
  }
  get report(): Locator {
    return this.page.getByTestId('import-report');
  }

  async openImport(): Promise<void> {
    await this.page.getByRole('button', { name: 'Import from Twilio Studio or TextIt' }).click();
    await this.importPanel.waitFor();
  }

  /** Chooses the export file and imports it; resolves with the server's answer. */
  async importFile(path: string): Promise<Response> {
    await this.importPanel.getByTestId('import-flows-file').setInputFiles(path);
    return this.submit();
  }

  async paste(text: string): Promise<void> {
    await this.importPanel.getByLabel('Exported JSON').fill(text);
  }

  async submit(): Promise<Response> {
    const answered = this.page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/flows/import'), { timeout: 30_000 });
    await this.importPanel.getByRole('button', { name: 'Import', exact: true }).click();
    return answered;
  }

  /** The report row of one source step (widget name, rule-set label...). */
  reportRow(source: string): Locator {
    return this.report.getByRole('row').filter({ has: this.page.getByRole('cell', { name: source, exact: true }) });
  }
}
