import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExecuteFlowResponse } from '@moflow/api-contract';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { repoRoot } from '../support/paths';
import { AnalyticsPage } from '../pages/analytics.page';
import { LoginPage } from '../pages/login.page';

const shots = join(repoRoot, 'docs/screenshots');

/** REST-started: gold members are welcomed and asked a question (and wait), everyone else ends at once. */
const planFlow: FlowDefinitionInput = {
  specVersion: 1,
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 260, y: 0 }, config: { keywords: ['PLANE2E'], rest: true } },
    { id: 'plan', type: 'match', label: 'Which plan', position: { x: 260, y: 150 },
      config: { input: 'trigger.parameters.plan', cases: [{ id: 'gold', label: 'Gold', mode: 'exact', values: ['gold'] }] } },
    { id: 'welcome', type: 'reply', label: 'Welcome gold', position: { x: 60, y: 330 }, config: { text: 'Welcome, gold member! Rate us 1-5?' } },
    { id: 'ask', type: 'wait', label: 'Wait for rating', position: { x: 60, y: 500 }, config: { timeoutSeconds: 3600 } },
    { id: 'thanks', type: 'end', label: 'Thanks', position: { x: 60, y: 680 }, config: {} },
    { id: 'bye', type: 'end', label: 'Not gold', position: { x: 460, y: 330 }, config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'plan' },
    { id: 'e2', source: 'plan', sourceHandle: 'gold', target: 'welcome' },
    { id: 'e3', source: 'plan', sourceHandle: 'other', target: 'bye' },
    { id: 'e4', source: 'welcome', target: 'ask' },
    { id: 'e5', source: 'ask', sourceHandle: 'reply', target: 'thanks' },
  ],
};

describe.skipIf(skipReason)('analytics in the ops console', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);

  it('an ops user sees visits and drop-off on the canvas, runs over time, a funnel, and a channel\'s traffic', async () => {
    const channel = await env.api.request<{ id: string }>('POST', '/channels', {
      name: 'Analytics line (e2e)', provider: 'simulator', address: '+14155550177', credentials: { webhookSecret: 'analytics-e2e-secret' },
    });
    const flow = await env.api.createFlow({ name: 'Plan survey (e2e)', definition: planFlow });
    await env.api.request('POST', `/flows/${flow.id}/publish`, {});
    for (const [to, plan] of [['+447700900301', 'gold'], ['+447700900302', 'gold'], ['+447700900303', 'basic']] as const) {
      await env.api.request<ExecuteFlowResponse>('POST', `/flows/${flow.id}/executions`, { to, channelId: channel.id, parameters: { plan } });
    }
    await env.api.createUser({ email: 'ops-analytics@moflow.test', password: 'ops-password-123', name: 'Omar Ops', role: 'ops' });

    const { page } = await watched.open();
    await new LoginPage(page).signIn('ops-analytics@moflow.test', 'ops-password-123');
    const analytics = new AnalyticsPage(page);
    await analytics.openFromNav();
    await analytics.openFlow('Plan survey (e2e)');

    await analytics.badge('ask').waitFor();
    await expect(page.getByTestId('runs-total').textContent()).resolves.toBe('3');
    await expect(analytics.badge('start').textContent()).resolves.toBe('3 visits');
    await expect(analytics.badge('plan').textContent()).resolves.toBe('3 visits');
    await expect(analytics.badge('welcome').textContent()).resolves.toBe('2 visits');
    await expect(analytics.badge('ask').textContent()).resolves.toBe('2 visits · 2 stopped (100%)');
    await expect(analytics.badge('bye').textContent()).resolves.toBe('1 visit');
    await expect(analytics.badge('thanks').textContent()).resolves.toBe('no visits');
    // Runs per connection, on the edges out of "Which plan".
    const edgeLabels = await page.locator('.react-flow__edge-textwrapper').allTextContents();
    expect(edgeLabels.sort()).toEqual(['0', '1', '2', '2', '3'].sort());
    // No editing offered: this is a read-only canvas.
    expect(await page.getByRole('navigation', { name: 'Node palette' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Publish/ }).count()).toBe(0);

    // Runs over time: recharts draws the waiting and completed runs as bars.
    await analytics.figure('Runs over time').locator('.recharts-bar-rectangle').first().waitFor();
    expect(await analytics.figure('Runs over time').locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);

    // Funnel by step names.
    const funnel = page.getByRole('region', { name: 'Funnel' });
    await funnel.getByLabel('From step').selectOption({ label: 'Which plan' });
    const measured = page.waitForResponse((r) => r.url().includes('/funnel?') && r.url().includes('toNode=ask'));
    await funnel.getByLabel('To step').selectOption({ label: 'Wait for rating' });
    await measured;
    await expect(page.getByTestId('funnel-result').textContent())
      .resolves.toBe('2 of 3 runs that reached “Which plan” went on to “Wait for rating” (67%).');
    await page.screenshot({ path: join(shots, 'analytics-flow.png'), fullPage: true });

    await analytics.openFromNav();
    await analytics.openChannel('Analytics line (e2e)');
    await expect(page.getByTestId('mt-total').textContent()).resolves.toBe('2');
    await analytics.figure('MO and MT per hour').locator('.recharts-line').first().waitFor({ state: 'attached' });
    expect(await analytics.figure('MO and MT per hour').locator('.recharts-line').count()).toBe(2);
    await page.mouse.move(5, 5);
    await page.screenshot({ path: join(shots, 'analytics-channel.png'), fullPage: true });

    // The two gold members wait at "Wait for rating": the waiting page names the step, not its id.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Waiting', exact: true }).click();
    const byStep = page.getByRole('region', { name: 'Waiting by step' }).getByRole('row').filter({ hasText: 'Plan survey (e2e)' });
    await byStep.getByRole('button', { name: 'Wait for rating' }).waitFor();
    await expect(byStep.locator('td').nth(2).textContent()).resolves.toBe('2');
    const sessions = page.getByRole('row').filter({ hasText: '+447700900301' });
    await sessions.getByRole('cell', { name: 'Wait for rating', exact: true }).waitFor();
  });
});
