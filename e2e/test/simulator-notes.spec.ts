import { describe, expect, it } from 'vitest';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { EditorPage } from '../pages/editor.page';
import { LoginPage } from '../pages/login.page';

const flowDef: FlowDefinitionInput = { specVersion: 1, nodes: [
  { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: { keywords: ['SIMNOTE'] } },
  { id: 'ask', type: 'reply', label: 'Ask size', position: { x: 0, y: 160 }, config: { text: 'What size?' } },
  { id: 'wait', type: 'wait', label: 'Wait for size', position: { x: 0, y: 320 }, config: { timeoutSeconds: 60, resultVar: 'size' } },
  { id: 'slow', type: 'reply', label: 'Too slow', position: { x: 300, y: 480 }, config: { text: 'Too slow! Checking your order…' } },
  { id: 'status', type: 'lookup', label: 'Order status', position: { x: 300, y: 640 }, config: { kind: 'http', url: 'https://orders.example.test/status', retries: 0 } },
  { id: 'sorry', type: 'reply', label: 'Sorry', position: { x: 300, y: 800 }, config: { text: 'Sorry, try later.' } },
], edges: [
  { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' },
  { id: 'e2', source: 'ask', sourceHandle: 'next', target: 'wait' },
  { id: 'e3', source: 'wait', sourceHandle: 'timeout', target: 'slow' },
  { id: 'e4', source: 'slow', sourceHandle: 'next', target: 'status' },
  { id: 'e5', source: 'status', sourceHandle: 'failure', target: 'sorry' },
] };

describe.skipIf(skipReason)('the simulator says what happened between messages', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);

  it('marks the time that passed and a failed lookup in the chat and on the step; a click on a step opens its settings and the conversation stays', async () => {
    const flow = await env.api.createFlow({ name: 'Simulator notes (e2e)', definition: flowDef });
    const { page } = await watched.open();
    await new LoginPage(page).signIn(env.email, env.password);
    const editor = new EditorPage(page);
    await editor.open(flow.id);
    const sim = await editor.openSimulator();
    await expect(page.getByRole('button', { name: 'Simulate' }).getAttribute('aria-pressed')).resolves.toBe('true');
    await editor.sendInSimulator('SIMNOTE');
    await sim.getByTestId('sim-reply').filter({ hasText: 'What size?' }).waitFor();

    const answered = page.waitForResponse((r) => r.url().endsWith('/simulate'));
    await sim.getByRole('button', { name: 'Fire wait timeout' }).click();
    await answered;
    const chat = sim.getByRole('log', { name: 'Conversation' });
    await chat.getByText('Sorry, try later.').waitFor();
    const lines = await chat.locator('[data-testid="sim-message"], [data-testid="sim-reply"], [data-testid="sim-note"]').allTextContents();
    expect(lines.map((l) => l.replace(/(GSM-7|UCS-2) · .*$/, ''))).toEqual([
      'SIMNOTE', 'What size?',
      '⏱ Time passed: no reply came in time, so ‘Wait for size’ went on through Timeout.',
      'Too slow! Checking your order…',
      expect.stringMatching(/^Lookup ‘Order status’ failed .*; the flow went on through Failure\.$/),
      'Sorry, try later.',
    ]);
    await editor.node('status').getByTestId('node-badge').filter({ hasText: 'Lookup failed' }).waitFor();

    // A click on a step while simulating opens its settings; Simulate brings the same conversation back.
    await editor.select('ask');
    await editor.sidePanel.getByLabel('Message text').waitFor();
    await expect(page.getByRole('button', { name: 'Simulate' }).getAttribute('aria-pressed')).resolves.toBe('false');
    await page.getByRole('button', { name: 'Simulate' }).click();
    await chat.getByText('Sorry, try later.').waitFor();
  });
});
