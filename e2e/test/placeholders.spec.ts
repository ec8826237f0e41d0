import { describe, expect, it } from 'vitest';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { pizzaFlow } from '../support/seed-pizza';
import { EditorPage } from '../pages/editor.page';
import { LoginPage } from '../pages/login.page';

describe.skipIf(skipReason)('placeholders in message text', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);

  it('typing {{ closes the braces and offers the contact and what earlier steps saved, by step name', async () => {
    const flow = await env.api.createFlow({ name: 'Pizza placeholders (e2e)', definition: pizzaFlow('PIZZAPH') });
    const { page } = await watched.open();
    await new LoginPage(page).signIn(env.email, env.password);
    const editor = new EditorPage(page);
    await editor.open(flow.id);
    await editor.select('p_small');

    const text = editor.sidePanel.getByLabel('Message text');
    await text.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' for {{');
    await expect.poll(() => text.inputValue()).toBe('Small: $8 for {{  }}');
    const list = editor.sidePanel.getByRole('listbox', { name: 'Suggestions' });
    await expect.poll(() => list.getByRole('option').allTextContents()).toEqual(expect.arrayContaining([
      expect.stringContaining('Contact’s name'), expect.stringContaining('Reply saved by ‘Wait for size’'),
    ]));

    // Typing part of the step's name narrows the list; a click puts its value in place.
    await page.keyboard.type('wait');
    await expect.poll(() => list.getByRole('option').allTextContents()).toEqual(['Reply saved by ‘Wait for size’ vars.size']);
    const saved = editor.nextSave();
    await list.getByRole('option', { name: /Wait for size/ }).click();
    await expect.poll(() => text.inputValue()).toBe('Small: $8 for {{ vars.size }}');
    expect((await saved).status()).toBe(200);
    await expect.poll(async () => (await env.api.getFlow(flow.id)).definition.nodes.find((n) => n.id === 'p_small')?.config)
      .toMatchObject({ text: 'Small: $8 for {{ vars.size }}' });

    // A step that comes before the wait is not offered what the wait saves later.
    await editor.select('ask_size');
    const ask = editor.sidePanel.getByLabel('Message text');
    await ask.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' {{');
    const options = await editor.sidePanel.getByRole('listbox', { name: 'Suggestions' }).getByRole('option').allTextContents();
    expect(options.some((o) => o.includes('Contact’s name'))).toBe(true);
    expect(options.some((o) => o.includes('Wait for size'))).toBe(false);
  });
});
