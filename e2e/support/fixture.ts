import { afterAll, beforeAll, inject } from 'vitest';
import type { Browser } from 'playwright-core';
import { ApiClient } from './api-client';
import { launch } from './browser';
import { chromiumPath, hasChromium } from './paths';

export const skipReason = hasChromium ? null : `Chromium not found at ${chromiumPath} (apt-get install -y chromium): browser scenarios skipped`;
if (skipReason) console.warn(skipReason);

export interface Env { browser: Browser; api: ApiClient; baseURL: string; email: string; password: string }

/** One browser and one admin API session per test file. */
export function useEnv(): Env {
  const env = {} as Env;
  beforeAll(async () => {
    if (skipReason) return;
    env.baseURL = inject('baseURL');
    env.email = inject('adminEmail');
    env.password = inject('adminPassword');
    env.browser = await launch();
    env.api = await ApiClient.login(env.baseURL, env.email, env.password);
  });
  afterAll(async () => { await env.browser?.close(); });
  return env;
}
