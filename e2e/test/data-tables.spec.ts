import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { LoginPage } from '../pages/login.page';
import { repoRoot } from '../support/paths';

describe.skipIf(skipReason)('data tables in settings', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);

  it('an admin creates a table, imports a CSV, edits a row, is told which line of a bad file is wrong, and exports the table', async () => {
    const { page } = await watched.open([400]);
    page.on('dialog', (d) => void d.accept());
    await new LoginPage(page).signIn(env.email, env.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Data tables' }).click();
    await page.getByRole('heading', { name: 'Data tables' }).waitFor();

    const form = page.getByRole('form', { name: 'Create a data table' });
    await form.getByLabel('Table name').fill('stores_e2e');
    await form.getByLabel('Columns', { exact: true }).fill('zip, city, phone');
    await form.getByLabel('Key column').selectOption('zip');
    await form.getByRole('button', { name: 'Create table' }).click();
    await page.getByRole('heading', { name: 'stores_e2e' }).waitFor();

    const importForm = page.getByRole('form', { name: 'Import CSV' });
    await importForm.getByLabel('CSV file').setInputFiles({ name: 'stores.csv', mimeType: 'text/csv', buffer: Buffer.from('zip,city,phone\n10001,"New York, NY",+12125550100\n94105,San Francisco,\n') });
    await importForm.getByRole('button', { name: 'Import' }).click();
    await importForm.getByRole('status').filter({ hasText: 'Imported 2 rows' }).waitFor();
    await page.getByTestId('row-10001').waitFor();
    await expect(page.getByTestId('row-10001').textContent()).resolves.toContain('New York, NY');

    await page.getByTestId('row-94105').getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit row 94105' });
    await edit.getByLabel('city').fill('SF');
    await edit.getByRole('button', { name: 'Save row' }).click();
    await page.getByTestId('row-94105').filter({ hasText: 'SF' }).waitFor();

    await importForm.getByLabel('CSV file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('zip,city\n60601,Chicago\n60601,Again\n') });
    await importForm.getByRole('button', { name: 'Import' }).click();
    await expect(importForm.getByRole('alert').textContent()).resolves.toBe('csv: line 3: the key 60601 is already on line 2');
    expect(await page.getByTestId('row-60601').count()).toBe(0);
    await page.screenshot({ path: join(repoRoot, 'docs/screenshots/data-table.png'), fullPage: true });

    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    const csv = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(csv).toBe('zip,city,phone\r\n10001,"New York, NY",+12125550100\r\n94105,SF,\r\n');
  });
});
