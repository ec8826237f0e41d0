import { describe, expect, it } from 'vitest';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { flowWithExpression } from '../support/seed-flows';
import { EditorPage } from '../pages/editor.page';
import { LoginPage } from '../pages/login.page';

describe.skipIf(skipReason)('a broken expression', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);

  it('is flagged on its step, listed in plain words (path in the details), and publishing is not offered until it is fixed', async () => {
    const flow = await env.api.createFlow({ name: 'Score (e2e)', definition: flowWithExpression('SCORE') });
    // The server answers the refused publish with a 4xx, which Chromium logs by itself.
    const { page } = await watched.open([400, 409, 422]);
    await new LoginPage(page).signIn(env.email, env.password);
    const editor = new EditorPage(page);
    await editor.open(flow.id);
    await expect(editor.node('score').getByTestId('node-error').count()).resolves.toBe(0);

    await editor.select('score');
    const field = editor.sidePanel.getByLabel('Value (JSONata)');
    const saved = editor.nextSave();
    await field.fill('$length(message.text) * ');
    await expect(editor.sidePanel.getByTestId('expression-error').textContent()).resolves.toMatch(/Syntax error at character \d+/);
    await editor.node('score').getByTestId('node-error').waitFor();
    const problems = page.getByTestId('problems-panel');
    // In the user's words: the step by name, the field by what it does; no ids, no JSON paths.
    await problems.getByText('Set ‘Score’: the value saved in ‘vars.points’ cannot be worked out', { exact: false }).waitFor();
    await saved;

    // Clicking the problem selects the step it names.
    await page.getByLabel('Flow canvas').click({ position: { x: 10, y: 10 } });
    await problems.getByRole('button', { name: /^1 error/ }).click();
    await problems.getByRole('button', { name: /Set ‘Score’/ }).click();
    await editor.node('score').locator('.flow-node.selected').waitFor();
    // The validator's path stays one click away, for developers.
    await problems.getByText('Details').click();
    await problems.getByText('nodes[1].config.assignments[0].expression', { exact: false }).waitFor();

    // Publish is not offered while the error stands, and the dialog says why; Escape closes it.
    await page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = page.getByTestId('publish-dialog');
    expect(await dialog.getByRole('button', { name: 'Publish', exact: true }).isDisabled()).toBe(true);
    expect(await dialog.getByRole('list', { name: 'Problems' }).textContent()).toContain('Set ‘Score’');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // The server refuses it too, naming the path.
    await expect(env.api.request('POST', `/flows/${flow.id}/publish`, {})).rejects.toThrow(/nodes\[1\]\.config\.assignments\[0\]\.expression/);
    const stored = await env.api.getFlow(flow.id);
    expect(stored.publishedVersion).toBeNull();
  });
});
