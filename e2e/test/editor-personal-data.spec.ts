import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecuteFlowResponse } from '@moflow/api-contract';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { LoginPage } from '../pages/login.page';
import { RunsPage } from '../pages/runs.page';

const flow: FlowDefinitionInput = {
  specVersion: 1,
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: ['HELLO'], rest: true } },
    { id: 'hi', type: 'reply', label: 'Say hello', position: { x: 0, y: 160 }, config: { text: 'Hello {{ trigger.parameters.name }}, see you soon' } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'hi' }],
};

/** Issue 14's role rule in the browser: an editor reads a run's structure, not the contact's data. */
describe.skipIf(skipReason)('an editor in the run logs', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);
  let runId = '';
  beforeAll(async () => {
    if (skipReason) return;
    const created = await env.api.createFlow({ name: 'Hello (personal data e2e)', definition: flow });
    await env.api.request('POST', `/flows/${created.id}/publish`, {});
    runId = (await env.api.request<ExecuteFlowResponse>('POST', `/flows/${created.id}/executions`, { to: '+447700900456', parameters: { name: 'Grace' } })).runId;
    await env.api.createUser({ email: 'editor-runs@moflow.test', password: 'editor-password-123', role: 'editor' });
  });
  afterAll(() => undefined);

  it('sees masked numbers and hidden texts, and is offered neither text search nor the CSV', async () => {
    const { page } = await watched.open();
    await new LoginPage(page).signIn('editor-runs@moflow.test', 'editor-password-123');
    const runs = new RunsPage(page);
    await runs.open();
    const row = page.getByTestId(`run-row-${runId}`);
    await row.waitFor();
    const rowText = await row.textContent();
    expect(rowText).toContain('+44770****456');
    expect(rowText).not.toContain('+447700900456');
    await page.getByText('Numbers are masked and message texts hidden for your role.').waitFor();
    expect(await page.getByRole('link', { name: 'Export CSV' }).count()).toBe(0);
    expect(await page.getByLabel('Message text').count()).toBe(0);

    await row.getByRole('link').click();
    await runs.summary().waitFor();
    await runs.step('hi').waitFor();
    expect(await runs.step('hi').textContent()).toContain('reply queued');
    const body = await page.locator('body').textContent();
    expect(body).not.toContain('Grace');
    expect(body).not.toContain('+447700900456');
  });
});
