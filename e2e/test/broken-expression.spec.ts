import { describe, expect, it } from 'vitest';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { flowWithExpression } from '../support/seed-flows';
import { EditorPage } from '../pages/editor.page';
import { LoginPage } from '../pages/login.page';

describe.skipIf(skipReason)('a broken expression', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);

  it('is flagged on its node, listed in the problems panel, and publishing is refused with the reason', async () => {
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
    await problems.getByText('nodes[1].config.assignments[0].expression').waitFor();
    await saved;

    // Clicking the problem selects the node it names.
    await page.getByLabel('Flow canvas').click({ position: { x: 10, y: 10 } });
    await problems.getByRole('button', { name: /nodes\[1\]\.config\.assignments\[0\]\.expression/ }).click();
    await editor.node('score').locator('.flow-node.selected').waitFor();

    const dialog = await editor.publish();
    const refusal = dialog.getByTestId('publish-refusal');
    await refusal.waitFor();
    const text = await refusal.textContent();
    expect(text).toMatch(/refused/i);
    expect(text).toContain('nodes[1].config.assignments[0].expression');
    const stored = await env.api.getFlow(flow.id);
    expect(stored.publishedVersion).toBeNull();
  });
});
