/**
 * Chromium via playwright-core, with every console error and page error recorded so each test can
 * fail on them (the editor must run without console errors).
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './paths';

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
}

export interface WatchedPage { page: Page; context: BrowserContext; consoleErrors: string[] }

/** `expectedStatuses`: HTTP errors the scenario provokes on purpose (Chromium logs every 4xx response). */
export async function newWatchedPage(browser: Browser, baseURL: string, expectedStatuses: number[] = []): Promise<WatchedPage> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const status = /Failed to load resource: the server responded with a status of (\d+)/.exec(m.text());
    if (status && expectedStatuses.includes(Number(status[1]))) return;
    consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}\n${e.stack ?? ''}`));
  return { page, context, consoleErrors };
}
