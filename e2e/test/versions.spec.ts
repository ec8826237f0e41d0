import { describe, expect, it } from 'vitest';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { EditorPage } from '../pages/editor.page';
import { LoginPage } from '../pages/login.page';

const priced = (price: string, keyword = 'PRICEV'): FlowDefinitionInput => ({ specVersion: 1, nodes: [
  { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: [keyword] } },
  { id: 'price', type: 'reply', label: 'Price small', position: { x: 0, y: 180 }, config: { text: `Small: ${price}` } },
], edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'price' }] });

describe.skipIf(skipReason)('versions in plain words', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);

  it('marks the live version, compares any two by step name with old and new text, and asks in the app before a rollback', async () => {
    const flow = await env.api.createFlow({ name: 'Versions (e2e)', definition: priced('$8') });
    await env.api.request('POST', `/flows/${flow.id}/publish`, {});
    const v1 = await env.api.getFlow(flow.id);
    await env.api.request('PUT', `/flows/${flow.id}`, { baseRevision: v1.revision, definition: priced('$9') });
    await env.api.request('POST', `/flows/${flow.id}/publish`, {});

    const { page } = await watched.open();
    await new LoginPage(page).signIn(env.email, env.password);
    const editor = new EditorPage(page);
    await editor.open(flow.id);
    const versionsButton = page.getByRole('button', { name: 'Versions' });
    await versionsButton.click();
    await expect(versionsButton.getAttribute('aria-pressed')).resolves.toBe('true');
    const panel = page.getByRole('complementary', { name: 'Version history' });

    // The live v2 is marked and not offered as "make live again"; v1 is.
    const v2 = panel.getByTestId('version-2');
    await v2.getByText('Live', { exact: true }).waitFor();
    expect(await v2.getByRole('button', { name: 'Make v2 live again' }).count()).toBe(0);
    expect(await panel.getByTestId('version-1').getByText('Live', { exact: true }).count()).toBe(0);

    // Any two versions: v1 against v2, the changed step by name with its old and new text.
    await panel.getByLabel('Compare from').selectOption('1');
    await panel.getByLabel('Compare with').selectOption('2');
    await panel.getByRole('button', { name: 'Compare', exact: true }).click();
    const changed = panel.getByTestId('changed-price');
    await changed.waitFor();
    await expect(changed.textContent()).resolves.toBe('Price smalltextSmall: $8 → Small: $9');

    // The app's own dialog, not the browser's confirm(): Escape says no and nothing is published.
    let dialogs = 0;
    page.on('dialog', () => { dialogs++; });
    await panel.getByTestId('version-1').getByRole('button', { name: 'Make v1 live again' }).click();
    const ask = page.getByRole('alertdialog', { name: 'Make v1 live again?' });
    await ask.waitFor();
    await page.keyboard.press('Escape');
    await ask.waitFor({ state: 'detached' });
    expect((await env.api.getFlow(flow.id)).publishedVersion).toBe(2);

    await panel.getByTestId('version-1').getByRole('button', { name: 'Make v1 live again' }).click();
    const rolled = page.waitForResponse((r) => r.url().endsWith('/rollback'));
    await ask.getByRole('button', { name: 'Make v1 live' }).click();
    expect((await rolled).status()).toBe(200);
    await panel.getByTestId('version-3').getByText('Live', { exact: true }).waitFor();
    expect(dialogs).toBe(0);
    expect((await env.api.getFlow(flow.id)).publishedVersion).toBe(3);
  });

  it('clears the "changed" highlight once the draft is published', async () => {
    const flow = await env.api.createFlow({ name: 'Highlight (e2e)', definition: priced('$8', 'PRICEH') });
    await env.api.request('POST', `/flows/${flow.id}/publish`, {});
    const v1 = await env.api.getFlow(flow.id);
    await env.api.request('PUT', `/flows/${flow.id}`, { baseRevision: v1.revision, definition: priced('$10', 'PRICEH') });

    const { page } = await watched.open();
    await new LoginPage(page).signIn(env.email, env.password);
    const editor = new EditorPage(page);
    await editor.open(flow.id);
    await page.getByRole('button', { name: 'Versions' }).click();
    await page.getByRole('button', { name: 'Show changes since v1' }).click();
    await editor.node('price').locator('.flow-node.paint-changed').waitFor();

    const dialog = await editor.publish();
    await dialog.waitFor({ state: 'detached' });
    await editor.node('price').locator('.flow-node.paint-changed').waitFor({ state: 'detached' });
    await page.getByTestId('version-2').getByText('Live', { exact: true }).waitFor();
  });
});
