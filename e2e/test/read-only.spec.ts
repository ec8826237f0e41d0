import { describe, expect, it } from 'vitest';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { pizzaFlow } from '../support/seed-pizza';
import { EditorPage } from '../pages/editor.page';
import { LoginPage } from '../pages/login.page';

describe.skipIf(skipReason)('an ops user opens a flow', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);

  it('sees a read-only canvas: no palette, no publish, nothing to drag, connect or type into, and nothing is saved', async () => {
    const flow = await env.api.createFlow({ name: 'Pizza (ops view, e2e)', definition: pizzaFlow('OPSPIZZA') });
    await env.api.createUser({ email: 'ops-viewer@moflow.test', password: 'ops-password-123', role: 'ops' });
    const { page } = await watched.open();
    const writes: string[] = [];
    page.on('request', (r) => { if (r.method() !== 'GET' && !r.url().endsWith('/auth/login') && !r.url().endsWith('/simulate')) writes.push(`${r.method()} ${r.url()}`); });
    await new LoginPage(page).signIn('ops-viewer@moflow.test', 'ops-password-123');
    const editor = new EditorPage(page);
    await editor.open(flow.id);
    await editor.node('size').waitFor();

    await page.getByTestId('read-only-note').waitFor();
    expect(await page.getByRole('navigation', { name: 'Node palette' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Publish…' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Auto layout' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Undo' }).count()).toBe(0);
    expect(await page.getByLabel('Flow name').count()).toBe(0);

    // A drag moves no step (at most it pans the whole view: steps keep their places relative to each other).
    const offset = async () => {
      const [a, b] = [(await editor.node('ask_size').boundingBox())!, (await editor.node('start').boundingBox())!];
      return [Math.round(a.x - b.x), Math.round(a.y - b.y)];
    };
    const before = await offset();
    const box = (await editor.node('ask_size').boundingBox())!;
    await page.mouse.move(box.x + 40, box.y + 12);
    await page.mouse.down();
    await page.mouse.move(box.x + 240, box.y + 200, { steps: 8 });
    await page.mouse.up();
    expect(await offset()).toEqual(before);

    // A drag from an output connects nothing. (Fit view first: the pan above may have taken
    // p_large out of view, and the canvas draws only the steps in view.)
    await page.getByRole('button', { name: 'Fit view', exact: true }).click();
    await editor.settled('p_large');
    await editor.connect('size', 'other', 'p_large');
    expect(await page.locator('.react-flow__edge').count()).toBe(4);

    // The settings can be read, not changed; no delete.
    await editor.select('ask_size');
    await expect(editor.sidePanel.getByLabel('Step name').inputValue()).resolves.toBe('Ask size');
    expect(await editor.sidePanel.getByLabel('Step name').isDisabled()).toBe(true);
    expect(await editor.sidePanel.getByLabel('Message text').isDisabled()).toBe(true);
    expect(await editor.sidePanel.getByRole('button', { name: 'Delete step' }).count()).toBe(0);
    await page.keyboard.press('Delete');
    await editor.node('ask_size').waitFor();

    // Versions can be looked at, not rolled back.
    await page.getByRole('button', { name: 'Versions' }).click();
    await page.getByRole('complementary', { name: 'Version history' }).waitFor();
    expect(await page.getByRole('button', { name: /live again|into the draft/ }).count()).toBe(0);

    expect(writes).toEqual([]);
    expect((await env.api.getFlow(flow.id)).revision).toBe(flow.revision);
  });
});
