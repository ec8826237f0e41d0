import { afterEach, describe, expect, it } from 'vitest';
import { newWatchedPage, type WatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { flowWithExpression } from '../support/seed-flows';
import { EditorPage } from '../pages/editor.page';
import { LoginPage } from '../pages/login.page';

describe.skipIf(skipReason)('two sessions edit the same flow', () => {
  const env = useEnv();
  const sessions: WatchedPage[] = [];
  afterEach(async () => {
    const errors = sessions.flatMap((s) => s.consoleErrors);
    for (const s of sessions.splice(0)) await s.context.close();
    expect(errors).toEqual([]);
  });

  it('the second save gets the conflict message naming who saved, and "keep mine" overwrites only when asked', async () => {
    const flow = await env.api.createFlow({ name: 'Shared (e2e)', definition: flowWithExpression('SHARED') });
    const editors: EditorPage[] = [];
    for (let i = 0; i < 2; i++) {
      const w = await newWatchedPage(env.browser, env.baseURL, [409]);
      sessions.push(w);
      await new LoginPage(w.page).signIn(env.email, env.password);
      const e = new EditorPage(w.page);
      await e.open(flow.id);
      editors.push(e);
    }
    const [alice, bob] = editors as [EditorPage, EditorPage];

    await alice.select('answer');
    const aliceSaved = alice.nextSave();
    await alice.sidePanel.getByLabel('Message text').fill('Alice was here: {{ vars.points }}');
    expect((await aliceSaved).status()).toBe(200);

    await bob.select('answer');
    const bobSaved = bob.nextSave();
    await bob.sidePanel.getByLabel('Message text').fill('Bob was here: {{ vars.points }}');
    expect((await bobSaved).status()).toBe(409);
    const banner = bob.page.getByTestId('conflict-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Someone else changed this flow.');
    expect(await banner.textContent()).toContain(env.email);
    await bob.page.getByTestId('save-status').filter({ hasText: 'Not saved: conflict' }).waitFor();

    // Nothing was overwritten silently.
    const afterConflict = await env.api.getFlow(flow.id);
    expect(JSON.stringify(afterConflict.definition)).toContain('Alice was here');

    const overwrite = bob.nextSave();
    await banner.getByRole('button', { name: /Keep mine/ }).click();
    expect((await overwrite).status()).toBe(200);
    await banner.waitFor({ state: 'detached' });
    const final = await env.api.getFlow(flow.id);
    expect(JSON.stringify(final.definition)).toContain('Bob was here');

    // Alice is now behind: "reload theirs" brings Bob's text into her editor.
    const aliceConflict = alice.nextSave();
    await alice.sidePanel.getByLabel('Message text').fill('Alice again');
    expect((await aliceConflict).status()).toBe(409);
    await alice.page.getByTestId('conflict-banner').getByRole('button', { name: /Reload theirs/ }).click();
    await alice.node('answer').getByText('Bob was here', { exact: false }).waitFor();
  });
});
