import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecuteFlowResponse } from '@moflow/api-contract';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { repoRoot } from '../support/paths';
import { LoginPage } from '../pages/login.page';
import { RunsPage } from '../pages/runs.page';

const shots = join(repoRoot, 'docs/screenshots');

/** trigger → "Find customer" lookup → found: greet by name; not found: end as failed. */
function crmFlow(url: string): FlowDefinitionInput {
  return {
    specVersion: 1,
    nodes: [
      { id: 'start', type: 'trigger', position: { x: 200, y: 0 }, config: { keywords: ['ORDER'], rest: true } },
      { id: 'crm', type: 'lookup', label: 'Find customer', position: { x: 200, y: 160 }, config: { kind: 'http', url, retries: 1, backoffMs: 50, timeoutMs: 2000, mapping: '{ "name": body.name }' } },
      { id: 'hi', type: 'reply', label: 'Greet customer', position: { x: 40, y: 360 }, config: { text: 'Hi {{ vars.name }}, your order is on its way.' } },
      { id: 'done', type: 'end', position: { x: 40, y: 540 }, config: {} },
      { id: 'broken', type: 'end', label: 'CRM down', position: { x: 380, y: 360 }, config: { status: 'failed', reason: 'CRM unreachable' } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'crm' },
      { id: 'e2', source: 'crm', sourceHandle: 'success', target: 'hi' },
      { id: 'e3', source: 'hi', target: 'done' },
      { id: 'e4', source: 'crm', sourceHandle: 'failure', target: 'broken' },
    ],
  };
}

describe.skipIf(skipReason)('ops run logs', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);
  let crm: http.Server;
  let failing = true;

  beforeAll(async () => {
    if (skipReason) return;
    crm = http.createServer((_req, res) => {
      res.writeHead(failing ? 503 : 200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(failing ? { error: 'maintenance' } : { name: 'Ada' }));
    });
    await new Promise<void>((r) => crm.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => { await new Promise((r) => (crm ? crm.close(r) : r(null))); });

  it('ops finds the run for a number, sees the failing lookup and its error, retries it and sees the run complete', async () => {
    await env.api.request('POST', '/settings/lookup-allowlist', { entry: '127.0.0.1', note: 'e2e fake CRM' }).catch(() => undefined);
    const flow = await env.api.createFlow({ name: 'Order status (e2e)', definition: crmFlow(`http://127.0.0.1:${(crm.address() as AddressInfo).port}/customers`) });
    await env.api.request('POST', `/flows/${flow.id}/publish`, {});
    // Another contact's run, so the search has something to leave out.
    await env.api.request<ExecuteFlowResponse>('POST', `/flows/${flow.id}/executions`, { to: '+447700900999' });
    failing = true;
    const run = await env.api.request<ExecuteFlowResponse>('POST', `/flows/${flow.id}/executions`, { to: '+447700900123' });
    expect(run.status).toBe('failed');
    await env.api.createUser({ email: 'ops-runs@moflow.test', password: 'ops-password-123', name: 'Olivia Ops', role: 'ops' });

    const { page } = await watched.open();
    await new LoginPage(page).signIn('ops-runs@moflow.test', 'ops-password-123');
    const runs = new RunsPage(page);
    await runs.open();
    await runs.searchContact('+44 7700 900123');
    await expect(runs.rows().count()).resolves.toBe(1);
    await expect(runs.rows().first().textContent()).resolves.toContain('+447700900123');
    await page.screenshot({ path: join(shots, 'runs.png') });

    await runs.openRun();
    const lookup = runs.step('crm');
    await lookup.waitFor();
    // The step's name comes from the flow version, which loads beside the run: wait for it, do not race it.
    await expect.poll(() => lookup.textContent(), { timeout: 15_000 }).toContain('Find customer');
    const text = await lookup.textContent();
    expect(text).toContain('HTTP 503');
    expect(text).toContain('2 attempts, 1 retry');
    await expect(runs.summary().textContent()).resolves.toContain('Failed');
    await page.getByRole('region', { name: 'Path on the flow' }).locator('.react-flow__node').first().waitFor();
    await page.screenshot({ path: join(shots, 'run.png'), fullPage: true });

    failing = false;
    const retried = page.waitForResponse((r) => r.url().endsWith(`/runs/${run.runId}/retry`));
    await page.getByRole('button', { name: 'Retry failed lookup' }).click();
    expect((await retried).status()).toBe(200);
    await runs.summary().getByText('Completed', { exact: true }).waitFor();
    await page.getByRole('region', { name: 'Messages of the run' }).getByText('Hi Ada, your order is on its way.').waitFor();
    await page.getByRole('region', { name: 'Operator actions' }).getByText(/retry by Olivia Ops/).waitFor();
    await expect(runs.step('hi').textContent()).resolves.toContain('Greet customer');
  });
});
