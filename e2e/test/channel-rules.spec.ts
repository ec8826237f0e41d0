import { describe, expect, it } from 'vitest';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { LoginPage } from '../pages/login.page';

interface ChannelView { id: string; quietHours: unknown; rateLimit: unknown; optOutText: string; keywords: { optOut: string[] } }

describe.skipIf(skipReason)('channel sending rules and deletion', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);

  it('an admin sets quiet hours, a rate limit, the STOP reply and an extra opt-out word, then deletes the channel after confirming', async () => {
    const channel = await env.api.request<{ id: string }>('POST', '/channels', {
      name: 'Rules line (e2e)', provider: 'simulator', address: '+14155550166', credentials: { webhookSecret: 'rules-e2e-secret' },
    });
    const { page } = await watched.open();
    await new LoginPage(page).signIn(env.email, env.password);
    await page.goto(`/#/settings/channels/${channel.id}`);
    const form = page.getByRole('form', { name: 'Channel settings' });
    await form.waitFor();

    await form.getByRole('checkbox', { name: /Hold messages during quiet hours/ }).check();
    await form.getByLabel('Quiet from').fill('22:00');
    await form.getByLabel('Quiet until').fill('07:30');
    await form.getByRole('checkbox', { name: /Limit how fast/ }).check();
    await form.getByLabel('Messages per second').fill('5');
    await form.getByLabel('Burst').fill('8');
    await form.getByLabel('Opt-out reply').fill('You are unsubscribed from Rules line. Reply START to come back.');
    await form.getByLabel('More opt-out words').fill('ARRET, baja');
    const saved = page.waitForResponse((r) => r.url().endsWith(`/channels/${channel.id}`) && r.request().method() === 'PATCH');
    await form.getByRole('button', { name: 'Save changes' }).click();
    expect((await saved).status()).toBe(200);
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    const stored = await env.api.request<ChannelView>('GET', `/channels/${channel.id}`);
    expect(stored).toMatchObject({
      quietHours: { start: '22:00', end: '07:30', replyWindowMinutes: 15 }, rateLimit: { perSecond: 5, burst: 8 },
      optOutText: 'You are unsubscribed from Rules line. Reply START to come back.',
    });
    expect(stored.keywords.optOut.map((w) => w.toUpperCase())).toEqual(['ARRET', 'BAJA']);

    // The form shows what is stored when opened again.
    await page.reload();
    await expect(form.getByLabel('Quiet until').inputValue()).resolves.toBe('07:30');
    await expect(form.getByLabel('Messages per second').inputValue()).resolves.toBe('5');

    await page.getByRole('button', { name: 'Delete channel…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Confirm deleting the channel' });
    await expect(confirm.textContent()).resolves.toContain('past messages, runs and consent log stay');
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Delete channel…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete Rules line (e2e)' }).click();
    await page.getByRole('table', { name: 'Channels' }).waitFor();
    expect(await page.getByRole('table', { name: 'Channels' }).getByText('Rules line (e2e)').count()).toBe(0);
    await expect(env.api.request('GET', `/channels/${channel.id}`)).rejects.toThrow(/404/);
  });
});
