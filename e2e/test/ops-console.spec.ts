import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { repoRoot } from '../support/paths';
import { LoginPage } from '../pages/login.page';

const outDir = join(repoRoot, 'docs/screenshots');
const SECRET = 'e2e-console-webhook-secret';
const OPS = { email: 'e2e-ops@moflow.test', password: 'e2e-ops-password-1', name: 'Olivia Ops', role: 'ops' as const };
const PHONE = '+447700900321';

const agentFlow: FlowDefinitionInput = {
  specVersion: 1,
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: ['AGENT'] } },
    { id: 'ticket', type: 'ticket', position: { x: 0, y: 150 }, config: { subject: 'Call back {{ contact.phone }}', body: 'Asked for a person: {{ message.text }}', team: 'care', priority: 'high' } },
    { id: 'done', type: 'end', position: { x: 0, y: 300 }, config: {} },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'ticket' }, { id: 'e2', source: 'ticket', target: 'done' }],
};

describe.skipIf(skipReason)('the ops console', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);
  let channelId = '';
  let flowId = '';

  /** An MO as the simulator provider posts it: generic JSON signed with the channel's webhook secret. */
  async function mo(text: string, id: string, from = PHONE): Promise<void> {
    const body = JSON.stringify({ id, from, to: '+447700900000', text });
    const sig = 'sha256=' + createHmac('sha256', SECRET).update(body).digest('hex');
    const res = await fetch(`${env.baseURL}/api/v1/inbound/${channelId}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Moflow-Signature': sig }, body });
    expect(res.status).toBe(200);
  }

  async function signInAsOps(page: Page): Promise<void> {
    await new LoginPage(page).signIn(OPS.email, OPS.password);
  }

  beforeAll(async () => {
    if (skipReason) return;
    await env.api.createUser(OPS);
    const channel = await env.api.request<{ id: string }>('POST', '/channels', {
      name: 'Care line', provider: 'simulator', address: '+447700900000', defaultRegion: 'GB', credentials: { webhookSecret: SECRET },
    });
    channelId = channel.id;
    const flow = await env.api.createFlow({ name: 'Talk to a person', definition: agentFlow });
    flowId = flow.id;
    await env.api.request('POST', `/flows/${flowId}/publish`, {});
  });

  it('ops answers a ticket and the MT shows in the messages log with its delivery status', async () => {
    await mo('AGENT my parcel never came', 'e2e-console-mo-1');
    const { page } = await watched.open();
    await signInAsOps(page);
    await page.getByRole('link', { name: 'Tickets' }).click();
    const ticketLink = page.getByRole('table', { name: 'Tickets' }).getByRole('link', { name: `Call back ${PHONE}` });
    await ticketLink.waitFor(); // the inbox refreshes itself: the ticket appears without a reload
    await ticketLink.click();
    const ticket = page.getByRole('article', { name: `Ticket Call back ${PHONE}` });
    await ticket.getByText('Asked for a person: AGENT my parcel never came').waitFor();
    await ticket.getByRole('button', { name: 'Assign to me' }).click();
    await ticket.getByLabel('Reply', { exact: true }).fill('Sorry! A courier brings it tomorrow.');
    await ticket.getByRole('button', { name: 'Send reply' }).click();
    const bubble = ticket.locator('.bubble.out', { hasText: 'Sorry! A courier brings it tomorrow.' });
    await bubble.locator('[data-status="sent"], [data-status="delivered"]').waitFor();
    mkdirSync(outDir, { recursive: true });
    await page.screenshot({ path: join(outDir, 'ticket-inbox.png') });

    await page.getByRole('link', { name: 'Messages' }).click();
    const row = page.getByRole('table', { name: 'Messages' }).locator('tr', { hasText: 'Sorry! A courier brings it tomorrow.' });
    await row.locator('[data-status="sent"], [data-status="delivered"]').waitFor();
    expect(await row.getByRole('link', { name: PHONE }).count()).toBe(1);
    const moRow = page.getByRole('table', { name: 'Messages' }).locator('tr', { hasText: 'AGENT my parcel never came' });
    expect(await moRow.textContent()).toContain('Keyword trigger');
  });

  it('a new ticket, a reply in its thread and a new MO appear live, without a reload', async () => {
    const other = '+447700900654';
    const { page } = await watched.open();
    await signInAsOps(page);
    await page.getByRole('link', { name: 'Tickets' }).click();
    const table = page.getByRole('table', { name: 'Tickets' });
    await table.getByRole('link', { name: `Call back ${PHONE}` }).waitFor();
    // Set on this document: a reload or a navigation to a new document would lose it.
    await page.evaluate(() => { (window as unknown as { liveMarker: number }).liveMarker = 42; });
    await mo('AGENT the app crashes', 'e2e-console-live-1', other);
    const link = table.getByRole('link', { name: `Call back ${other}` });
    await link.waitFor({ timeout: 10_000 });
    await link.click();
    const ticket = page.getByRole('article', { name: `Ticket Call back ${other}` });
    await ticket.getByText('No messages in the thread yet.').waitFor();
    await mo('it happens on login', 'e2e-console-live-2', other);
    await ticket.locator('.bubble.in', { hasText: 'it happens on login' }).waitFor({ timeout: 10_000 });

    await page.getByRole('link', { name: 'Messages' }).click();
    const messages = page.getByRole('table', { name: 'Messages' });
    await messages.locator('tr', { hasText: 'it happens on login' }).waitFor();
    await mo('still broken', 'e2e-console-live-3', other);
    await messages.locator('tr', { hasText: 'still broken' }).waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { liveMarker?: number }).liveMarker)).toBe(42);
  });

  it('ops opts a contact out and the next MT to them is shown suppressed', async () => {
    const { page } = await watched.open();
    await signInAsOps(page);
    await page.getByRole('link', { name: 'Contacts' }).click();
    await page.getByLabel('Search contacts').fill('07700 900321'); // as a person types it: national format, spaces
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('table', { name: 'Contacts' }).getByRole('link', { name: PHONE }).click();
    const channels = page.getByRole('table', { name: 'Opt-out per channel' });
    await channels.locator('tr[data-channel="Care line"]').getByRole('button', { name: 'Opt out' }).click();
    await channels.getByText('Opted out', { exact: true }).waitFor();
    await page.getByRole('table', { name: 'Consent events' }).getByText('by an operator').waitFor();
    await page.screenshot({ path: join(outDir, 'contact-page.png') });

    // The ticket is still open: answering it now must not reach the contact.
    await page.getByRole('link', { name: 'Tickets' }).click();
    await page.getByRole('table', { name: 'Tickets' }).getByRole('link', { name: `Call back ${PHONE}` }).click();
    const ticket = page.getByRole('article', { name: `Ticket Call back ${PHONE}` });
    await ticket.getByLabel('Reply', { exact: true }).fill('One more thing: reply STOP to stop.');
    await ticket.getByRole('button', { name: 'Send reply' }).click();
    await ticket.locator('.bubble.out', { hasText: 'One more thing' }).locator('[data-status="suppressed"]').waitFor();

    await page.getByRole('link', { name: 'Messages' }).click();
    const row = page.getByRole('table', { name: 'Messages' }).locator('tr', { hasText: 'One more thing: reply STOP to stop.' });
    await row.locator('[data-status="suppressed"]').waitFor();
  });

  it('an admin adds a Twilio channel in the form and copies its webhook URL', async () => {
    const { page, context } = await watched.open();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.baseURL });
    await new LoginPage(page).signIn(env.email, env.password);
    await page.getByRole('link', { name: 'Channels' }).click();
    await page.getByRole('link', { name: 'Add channel' }).click();
    await page.getByLabel('Provider').selectOption('twilio');
    await page.getByLabel('Name', { exact: true }).fill('US marketing');
    await page.getByLabel('Number', { exact: true }).fill('+14155550199');
    await page.getByLabel('Account SID').fill('AC' + '0'.repeat(32));
    await page.getByLabel('Auth token').fill('twilio-auth-token-e2e');
    expect(await page.getByLabel('Auth token').getAttribute('type')).toBe('password');
    await page.getByRole('button', { name: 'Create channel' }).click();

    const webhook = page.getByLabel('Webhook URL', { exact: true });
    await webhook.waitFor();
    const url = await webhook.inputValue();
    expect(url).toMatch(/\/api\/v1\/inbound\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: 'Copy Webhook URL' }).click();
    await page.getByRole('button', { name: 'Copy Webhook URL' }).getByText('Copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    // The e2e server's PUBLIC_URL is a loopback address: the form says a provider cannot reach it.
    await page.getByRole('note').getByText(/cannot reach/).waitFor();
    // The secret is stored, never shown: the field comes back empty, saying so.
    expect(await page.getByLabel('Auth token').inputValue()).toBe('');
    expect(await page.getByLabel('Auth token').getAttribute('placeholder')).toMatch(/Stored/);
    await page.screenshot({ path: join(outDir, 'channel-form.png') });
  });

  it('an ops user sees no palette, no publish and no user administration', async () => {
    const { page } = await watched.open();
    await signInAsOps(page);
    const nav = page.getByRole('navigation', { name: 'Main' });
    const labels = await nav.getByRole('link').allTextContents();
    expect(labels).toEqual(expect.arrayContaining(['Flows', 'Messages', 'Tickets', 'Contacts']));
    for (const hidden of ['Users', 'API keys', 'Channels']) expect(labels).not.toContain(hidden);
    expect(await page.getByRole('button', { name: 'New flow' }).count()).toBe(0);

    await page.goto('/#/settings/users');
    await page.getByRole('alert').filter({ hasText: 'Users is not available to your role.' }).waitFor();
    expect(await page.getByRole('table', { name: 'Users' }).count()).toBe(0);

    await page.goto(`/#/flows/${flowId}`);
    await page.getByLabel('Flow canvas').waitFor();
    await page.getByTestId('rf__node-ticket').waitFor();
    expect(await page.getByRole('navigation', { name: 'Node palette' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Publish…' }).count()).toBe(0);
  });
});
