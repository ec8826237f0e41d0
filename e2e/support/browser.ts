/**
 * Chromium via playwright-core, with every console error and page error recorded so each test can
 * fail on them (the editor must run without console errors).
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterEach, expect } from 'vitest';
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

/**
 * For a describe block: `open()` starts a watched page; after each test its context closes and the
 * test fails on any console or page error it recorded.
 */
export function useWatchedPage(env: { browser: Browser; baseURL: string }) {
  let current: WatchedPage | undefined;
  afterEach(async () => {
    const errors = current?.consoleErrors ?? [];
    await current?.context.close();
    current = undefined;
    expect(errors).toEqual([]);
  });
  return {
    async open(expectedStatuses: number[] = []): Promise<WatchedPage> {
      current = await newWatchedPage(env.browser, env.baseURL, expectedStatuses);
      return current;
    },
  };
}
