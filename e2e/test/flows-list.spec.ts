import { describe, expect, it } from 'vitest';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { LoginPage } from '../pages/login.page';

const simple = (keyword: string): FlowDefinitionInput => ({ specVersion: 1, nodes: [
  { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: [keyword] } },
  { id: 'hi', type: 'reply', position: { x: 0, y: 160 }, config: { text: 'Hi!' } },
], edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'hi' }] });

describe.skipIf(skipReason)('the flows list', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);

  it('refuses an empty name, duplicates, deletes a draft and archives a published flow out of sight', async () => {
    const draft = await env.api.createFlow({ name: 'List draft (e2e)', definition: simple('LISTDRAFT') });
    const live = await env.api.createFlow({ name: 'List live (e2e)', definition: simple('LISTLIVE') });
    await env.api.request('POST', `/flows/${live.id}/publish`, {});

    const { page } = await watched.open();
    await new LoginPage(page).signIn(env.email, env.password);
    await page.getByRole('link', { name: 'List live (e2e)', exact: true }).waitFor();
    const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
    // The keyword column.
    await expect(row('List live (e2e)').getByText('LISTLIVE').count()).resolves.toBe(1);

    // An empty name is refused with a message, and nothing is created.
    let created = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/v1/flows')) created++; });
    await page.getByRole('button', { name: 'New flow' }).click();
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Give the flow a name');
    expect(created).toBe(0);
    await page.getByRole('button', { name: 'Cancel' }).click();

    // Duplicate.
    await page.getByRole('button', { name: 'Duplicate List draft (e2e)' }).click();
    await page.getByRole('link', { name: 'Copy of List draft (e2e)', exact: true }).waitFor();

    // Delete a draft: the app asks first.
    await page.getByRole('button', { name: 'Delete List draft (e2e)' }).click();
    await page.getByRole('alertdialog', { name: 'Delete “List draft (e2e)”?' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('link', { name: 'List draft (e2e)', exact: true }).waitFor({ state: 'detached' });
    await expect(env.api.getFlow(draft.id)).rejects.toThrow(/404/);

    // A published flow is archived (not deleted), then hidden unless asked for.
    expect(await row('List live (e2e)').getByRole('button', { name: /^Delete/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Archive List live (e2e)' }).click();
    await page.getByRole('alertdialog', { name: 'Archive “List live (e2e)”?' }).getByRole('button', { name: 'Archive' }).click();
    await page.getByRole('link', { name: 'List live (e2e)', exact: true }).waitFor({ state: 'detached' });
    await page.getByLabel('Show archived flows').check();
    await row('List live (e2e)').getByText('Archived (was v1)').waitFor();
    expect((await env.api.getFlow(live.id)).status).toBe('archived');
  });
});
