import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { repoRoot } from '../support/paths';
import { EditorPage } from '../pages/editor.page';
import { LoginPage } from '../pages/login.page';

const outDir = join(repoRoot, 'docs/screenshots');

describe.skipIf(skipReason)('documentation screenshots', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);

  it('writes the canvas, the side panel and the simulator to docs/screenshots', async () => {
    mkdirSync(outDir, { recursive: true });
    const { page } = await watched.open();
    await new LoginPage(page).signIn(env.email, env.password);

    await page.screenshot({ path: join(outDir, 'flows.png') });

    // Created through the UI from a template, as a marketer would.
    await page.getByRole('button', { name: 'New flow' }).click();
    await page.getByLabel('Flow name', { exact: true }).fill('Appointment confirmation');
    await page.getByText('Appointment confirmation', { exact: true }).click();
    await page.getByRole('button', { name: 'Create' }).click();
    const editor = new EditorPage(page);
    await page.getByLabel('Flow canvas').waitFor();
    await editor.node('answer').waitFor();
    await page.screenshot({ path: join(outDir, 'canvas.png') });

    await editor.select('ask');
    await editor.sidePanel.getByLabel('Message text').waitFor();
    await page.screenshot({ path: join(outDir, 'side-panel.png') });

    await editor.select('answer');
    await editor.sidePanel.getByLabel('Test a message').first().fill('Yes!');
    await editor.sidePanel.getByTestId('keyword-test-result').first().waitFor();
    await page.screenshot({ path: join(outDir, 'match-panel.png') });

    await editor.openSimulator();
    const sim = page.getByTestId('simulator');
    // This flow is started over REST by a booking system: the simulator does the same with parameters.
    await sim.getByText('Contact and pretend answers').click();
    await sim.getByLabel('Name', { exact: true }).fill('Ada');
    await sim.getByRole('button', { name: 'Add a parameter' }).click();
    await sim.getByLabel('Start over the API with: parameter 1').fill('date');
    await sim.getByLabel('Start over the API with: value 1').fill('Friday at 10:00');
    const started = page.waitForResponse((r) => r.url().endsWith('/simulate'));
    await sim.getByRole('button', { name: 'Start run', exact: true }).click();
    await started;
    await sim.getByTestId('sim-reply').first().waitFor();
    expect(await sim.getByTestId('sim-reply').first().textContent()).toContain('Hi Ada, your appointment is on Friday at 10:00');
    await sim.getByText('Contact and pretend answers').click();
    await editor.sendInSimulator('YES');
    await sim.getByTestId('sim-reply').nth(1).waitFor();
    expect(await sim.getByTestId('sim-reply').last().textContent()).toContain('Thanks, see you then!');
    await page.waitForTimeout(1500); // let the path animation reach its last step for the picture
    await page.screenshot({ path: join(outDir, 'simulator.png') });
  });
});
