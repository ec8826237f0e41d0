import { describe, expect, it } from 'vitest';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { EditorPage } from '../pages/editor.page';
import { LoginPage } from '../pages/login.page';

describe.skipIf(skipReason)('a marketer builds the JOIN opt-in flow from an empty canvas', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);

  it('drags a trigger and a reply, connects them, types keyword and text, publishes and sees the reply in the simulator', async () => {
    const flow = await env.api.createFlow({ name: 'JOIN opt-in (e2e)', definition: { specVersion: 1, nodes: [], edges: [] } });
    const { page } = await watched.open();
    await new LoginPage(page).signIn(env.email, env.password);
    const editor = new EditorPage(page);
    await editor.open(flow.id);
    await expect(editor.nodes().count()).resolves.toBe(0);

    await editor.dragFromPalette('trigger', 400, 120);
    await editor.node('trigger_1').waitFor();
    await editor.dragFromPalette('reply', 400, 400);
    await editor.node('reply_1').waitFor();
    await editor.connect('trigger_1', 'next', 'reply_1');
    // 'attached': a straight vertical edge has a zero-width box, which Playwright calls invisible.
    await page.locator('.react-flow__edge').first().waitFor({ state: 'attached' });

    // Keyword: a new trigger has none (a default could be another flow's); the marketer types one.
    await editor.select('trigger_1');
    await expect(editor.node('trigger_1').locator('.chip').count()).resolves.toBe(0);
    const chips = editor.sidePanel.getByLabel('Add to Keywords');
    await chips.click();
    await chips.pressSequentially('JOIN');
    await chips.press('Enter');
    await expect(editor.node('trigger_1').locator('.chip').allTextContents()).resolves.toEqual(['JOIN']);

    await editor.select('reply_1');
    const text = editor.sidePanel.getByLabel('Message text');
    await text.fill('');
    await text.pressSequentially('Welcome to the club! Reply STOP to opt out.');
    await expect(editor.sidePanel.getByTestId('segment-info').textContent()).resolves.toContain('GSM-7');
    const saved = editor.nextSave();
    await page.getByLabel('Flow canvas').click({ position: { x: 20, y: 20 } });
    expect((await saved).status()).toBe(200);
    await page.getByTestId('save-status').filter({ hasText: 'All changes saved' }).waitFor();

    const stored = await env.api.getFlow(flow.id);
    expect(stored.definition.edges).toEqual([expect.objectContaining({ source: 'trigger_1', sourceHandle: 'next', target: 'reply_1' })]);

    const dialog = await editor.publish();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Published as v1.').waitFor();

    const sim = await editor.openSimulator();
    await editor.sendInSimulator('join');
    const reply = sim.getByTestId('sim-reply').first();
    await reply.waitFor();
    expect(await reply.textContent()).toContain('Welcome to the club! Reply STOP to opt out.');
    expect(await reply.textContent()).toMatch(/GSM-7 · 1 segment/);
    // The path lights up on the canvas.
    await editor.node('reply_1').locator('.flow-node.on-path').waitFor();
    await editor.node('trigger_1').locator('.flow-node.on-path').waitFor();

    // Change the draft, see the change painted against v1, then copy v1 back into the draft.
    await page.getByRole('button', { name: 'Simulate' }).click(); // closes the simulator
    await editor.select('reply_1');
    const changed = editor.nextSave();
    await editor.sidePanel.getByLabel('Message text').fill('Welcome! Reply STOP to opt out.');
    expect((await changed).status()).toBe(200);
    await page.getByRole('button', { name: 'Versions' }).click();
    await page.getByRole('button', { name: 'Show changes since v1' }).click();
    await editor.node('reply_1').locator('.flow-node.paint-changed').waitFor();
    // The changed step by name, with its old and new text.
    await expect(page.getByLabel('Changes').getByTestId('changed-reply_1').textContent())
      .resolves.toBe('Reply 1textWelcome to the club! Reply STOP to opt out. → Welcome! Reply STOP to opt out.');
    const restored = editor.nextSave();
    await page.getByRole('button', { name: 'Copy v1 into the draft' }).click();
    await editor.node('reply_1').getByText('Welcome to the club!', { exact: false }).waitFor();
    expect((await restored).status()).toBe(200);
    expect(JSON.stringify((await env.api.getFlow(flow.id)).definition)).toContain('Welcome to the club!');

    // v1 is live: marked so, and not offered as "make live again" (versions.spec.ts rolls back an older one).
    await page.getByTestId('version-1').getByText('Live', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Make v1 live again' }).count()).toBe(0);
  });
});
