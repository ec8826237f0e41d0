import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { LoginPage } from '../pages/login.page';
import { repoRoot } from '../support/paths';

describe.skipIf(skipReason)('secrets and the lookup allow-list in settings', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);

  it('an admin adds a secret bound to a host and never sees its value again, and allows a private range', async () => {
    const { page } = await watched.open([400]);
    page.on('dialog', (d) => void d.accept());
    await new LoginPage(page).signIn(env.email, env.password);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Secrets' }).click();
    const add = page.getByRole('form', { name: 'Add a secret' });
    await add.getByLabel('Secret name').fill('CRM_TOKEN_E2E');
    await add.getByLabel('Secret value').fill('s3cr3t-value-e2e');
    await add.getByLabel('Allowed hosts').fill('crm.example.com');
    const saved = page.waitForResponse((r) => r.url().endsWith('/secrets/CRM_TOKEN_E2E') && r.request().method() === 'PUT');
    await add.getByRole('button', { name: 'Add secret' }).click();
    expect((await saved).status()).toBe(200);
    const row = page.getByRole('table', { name: 'Secrets' }).getByRole('row').filter({ hasText: 'CRM_TOKEN_E2E' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('crm.example.com');
    expect(await page.content()).not.toContain('s3cr3t-value-e2e');
    await expect(add.getByLabel('Secret value').inputValue()).resolves.toBe('');
    await page.screenshot({ path: join(repoRoot, 'docs/screenshots/secrets.png') });

    await nav.getByRole('link', { name: 'Lookup allow-list' }).click();
    const allow = page.getByRole('form', { name: 'Allow a private host' });
    await allow.getByLabel('Host, address or range').fill('10.0.0.0/99');
    await allow.getByRole('button', { name: 'Allow' }).click();
    await allow.getByRole('alert').waitFor();
    await allow.getByLabel('Host, address or range').fill('10.0.0.0/8');
    await allow.getByLabel('Note').fill('office network');
    await allow.getByRole('button', { name: 'Allow' }).click();
    await page.getByRole('table', { name: 'Allowed private hosts' }).getByRole('row').filter({ hasText: '10.0.0.0/8' }).filter({ hasText: 'office network' }).waitFor();

    // An editor is offered neither page.
    await env.api.createUser({ email: 'editor-secrets@moflow.test', password: 'editor-password-123', role: 'editor' });
    await page.context().clearCookies();
    await new LoginPage(page).signIn('editor-secrets@moflow.test', 'editor-password-123');
    expect(await nav.getByRole('link', { name: 'Secrets' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Lookup allow-list' }).count()).toBe(0);
    await page.goto('/#/settings/secrets');
    await page.getByRole('alert').filter({ hasText: 'not available to your role' }).waitFor();
  });
});
