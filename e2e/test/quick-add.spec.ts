import { describe, expect, it } from 'vitest';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { pizzaFlow } from '../support/seed-pizza';
import { EditorPage } from '../pages/editor.page';
import { LoginPage } from '../pages/login.page';

describe.skipIf(skipReason)('quick add', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);

  it('a connection dropped on empty canvas opens a menu of steps; the one picked is added there, connected', async () => {
    const flow = await env.api.createFlow({ name: 'Quick add (e2e)', definition: pizzaFlow('PIZZAQA') });
    const { page } = await watched.open();
    await new LoginPage(page).signIn(env.email, env.password);
    const editor = new EditorPage(page);
    await editor.open(flow.id);

    // From "Price small"'s output to the empty space left of "Ask size".
    const from = await editor.outputHandle('p_small', 'next').boundingBox();
    const ask = await editor.node('ask_size').boundingBox();
    if (!from || !ask) throw new Error('steps not visible');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(ask.x - 80, ask.y + 30, { steps: 12 });
    await page.mouse.up();

    const menu = page.getByRole('menu', { name: 'Add a step here' });
    await menu.waitFor();
    // A trigger cannot follow a step.
    expect(await menu.getByRole('menuitem', { name: 'Trigger' }).count()).toBe(0);
    const saved = editor.nextSave();
    await menu.getByRole('menuitem', { name: 'Wait' }).click();
    await menu.waitFor({ state: 'detached' });
    await editor.node('wait_1').waitFor();
    expect((await saved).status()).toBe(200);
    const stored = await env.api.getFlow(flow.id);
    expect(stored.definition.edges.filter((e) => e.source === 'p_small').map((e) => `${e.sourceHandle}>${e.target}`)).toEqual(['next>wait_1']);
    // Placed where the connection was dropped: left of "Ask size".
    const added = await editor.node('wait_1').boundingBox();
    expect(added!.x).toBeLessThan(ask.x);

    // Escape closes the menu without adding anything (dropped in the empty space left of the trigger).
    const again = await editor.outputHandle('p_medium', 'next').boundingBox();
    const start = await editor.node('start').boundingBox();
    await page.mouse.move(again!.x + again!.width / 2, again!.y + again!.height / 2);
    await page.mouse.down();
    await page.mouse.move(start!.x - 80, start!.y + 20, { steps: 12 });
    await page.mouse.up();
    await menu.waitFor();
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await editor.nodes().count()).toBe(8);
  });
});
