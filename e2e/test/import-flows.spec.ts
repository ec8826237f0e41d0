/**
 * A marketer brings a Twilio Studio flow: picks the export in the flows list, reads the report,
 * opens the draft, and finds the step that needs attention marked on the canvas.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { repoRoot } from '../support/paths';
import { EditorPage } from '../pages/editor.page';
import { FlowsPage } from '../pages/flows.page';
import { LoginPage } from '../pages/login.page';

const studioExport = join(repoRoot, 'libs/flow-import/test/fixtures/studio/signup.json');
const screenshots = join(repoRoot, 'docs/screenshots');

describe.skipIf(skipReason)('import from Twilio Studio', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);

  it('imports a Studio export, shows the report, and marks the placeholder step on the draft', async () => {
    const { page } = await watched.open();
    await new LoginPage(page).signIn(env.email, env.password);
    const flows = new FlowsPage(page);
    await flows.openImport();

    // Pasted text that is not JSON is refused before anything is sent.
    await flows.paste('description: my flow');
    await flows.importPanel.getByRole('button', { name: 'Import', exact: true }).click();
    expect(await flows.importPanel.getByRole('alert').textContent()).toContain('is not valid JSON');

    const answer = await flows.importFile(studioExport);
    expect(answer.status()).toBe(201);
    await flows.report.waitFor();
    expect(await flows.report.getByRole('status').textContent()).toMatch(/Imported 1 draft flow from Twilio Studio: 0 error\(s\), \d+ step\(s\) to check/);
    expect(await flows.reportRow('save_signup').textContent()).toContain('run-function cannot be carried over: a placeholder step passes through its "success" exit.');
    expect(await flows.reportRow('greet_call').textContent()).toContain('not reachable from an SMS or REST start');
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'import-report.png'), fullPage: true });

    // The list behind the report already has the draft; the report links to it.
    await page.getByRole('link', { name: 'Newsletter sign-up', exact: true }).waitFor();
    await flows.report.getByRole('link', { name: 'Open draft' }).click();
    const editor = new EditorPage(page);
    await page.getByLabel('Flow canvas').waitFor();
    const placeholder = editor.node('save_signup');
    await placeholder.getByTestId('node-review').waitFor();
    expect(await editor.node('ask_name').getByTestId('node-review').count()).toBe(0);

    await editor.select('save_signup');
    expect(await editor.sidePanel.getByTestId('review-note').textContent()).toContain('run-function cannot be carried over');
    const saved = editor.nextSave();
    await editor.sidePanel.getByRole('button', { name: 'Mark as checked' }).click();
    expect((await saved).status()).toBe(200);
    expect(await placeholder.getByTestId('node-review').count()).toBe(0);
  });
});
