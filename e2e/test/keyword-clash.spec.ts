import { describe, expect, it } from 'vitest';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { EditorPage } from '../pages/editor.page';
import { LoginPage } from '../pages/login.page';

describe.skipIf(skipReason)('a keyword another published flow owns', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);

  it('is flagged on the trigger as it is typed, naming the other flow, before any Publish', async () => {
    const owner = await env.api.createFlow({ name: 'Pizza order', definition: { specVersion: 1, nodes: [
      { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: ['PIZZACLASH'] } },
      { id: 'hi', type: 'reply', position: { x: 0, y: 160 }, config: { text: 'What size?' } },
    ], edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'hi' }] } });
    await env.api.request('POST', `/flows/${owner.id}/publish`, {});
    const flow = await env.api.createFlow({ name: 'Pizza copycat (e2e)', definition: { specVersion: 1, nodes: [], edges: [] } });

    const { page } = await watched.open();
    await new LoginPage(page).signIn(env.email, env.password);
    const editor = new EditorPage(page);
    await editor.open(flow.id);
    await editor.dragFromPalette('trigger', 400, 120);
    await editor.select('trigger_1');
    // A new trigger owns no keyword yet.
    await expect(editor.sidePanel.getByRole('list', { name: 'Keywords' }).getByRole('listitem').count()).resolves.toBe(0);

    const input = editor.sidePanel.getByLabel('Add to Keywords');
    await input.click();
    await input.pressSequentially('pizzaclash');
    const clashes = editor.sidePanel.getByTestId('keyword-clashes');
    await clashes.waitFor();
    await expect(clashes.textContent()).resolves.toContain('“pizzaclash” already starts the published flow “Pizza order” on every channel.');

    // Entered, the chip itself is marked; a free keyword clears the warning.
    await input.press('Enter');
    await editor.sidePanel.locator('.chip.flagged', { hasText: 'pizzaclash' }).waitFor();
    await editor.sidePanel.getByRole('button', { name: 'Remove pizzaclash' }).click();
    await input.pressSequentially('PIZZAFREE');
    await input.press('Enter');
    await clashes.waitFor({ state: 'detached' });
    await editor.sidePanel.locator('.chip', { hasText: 'PIZZAFREE' }).waitFor();
    expect(await editor.sidePanel.locator('.chip.flagged').count()).toBe(0);
  });
  it('a keyword the compliance rules take first is flagged on the trigger as it is typed, in plain words', async () => {
    const flow = await env.api.createFlow({ name: 'Stop words (e2e)', definition: { specVersion: 1, nodes: [
      { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: ['DEALS'] } },
      { id: 'hi', type: 'reply', position: { x: 0, y: 160 }, config: { text: 'Deals!' } },
    ], edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'hi' }] } });
    const { page } = await watched.open();
    await new LoginPage(page).signIn(env.email, env.password);
    const editor = new EditorPage(page);
    await editor.open(flow.id);
    await editor.select('start');
    const input = editor.sidePanel.getByLabel('Add to Keywords');
    await input.click();
    await input.pressSequentially('STOP');
    await input.press('Enter');
    const inline = editor.sidePanel.getByRole('list', { name: 'Problems of this step' });
    await inline.getByText('“STOP” can never start this flow', { exact: false }).waitFor();
    await expect(inline.textContent()).resolves.toContain('taken first by the opt-out rule');
    // Publishing is not offered while it is there.
    await page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = page.getByTestId('publish-dialog');
    await expect(dialog.getByRole('button', { name: 'Publish', exact: true }).isDisabled()).resolves.toBe(true);
  });
});
