import { describe, expect, it } from 'vitest';
import type { FlowDto } from '@moflow/api-contract';
import { useWatchedPage } from '../support/browser';
import { skipReason, useEnv } from '../support/fixture';
import { pizzaFlow } from '../support/seed-pizza';
import { EditorPage } from '../pages/editor.page';
import { LoginPage } from '../pages/login.page';

const edgesOf = (f: FlowDto) => f.definition.edges.filter((e) => e.source === 'size').map((e) => `${e.sourceHandle}>${e.target}`).sort();

describe.skipIf(skipReason)('match outputs keep their connections', () => {
  const env = useEnv();
  const watched = useWatchedPage(env);

  async function openPizza(keyword: string): Promise<{ editor: EditorPage; flow: FlowDto }> {
    const flow = await env.api.createFlow({ name: `Pizza ${keyword} (e2e)`, definition: pizzaFlow(keyword) });
    const { page } = await watched.open();
    await new LoginPage(page).signIn(env.email, env.password);
    const editor = new EditorPage(page);
    await editor.open(flow.id);
    await editor.select('size');
    return { editor, flow };
  }

  /** Adds an answer in the side panel and waits until it is saved; the new output's id is `case_N`. */
  async function addCase(editor: EditorPage, id: string): Promise<void> {
    const saved = editor.nextSave();
    await editor.sidePanel.getByRole('button', { name: 'Add answer' }).click();
    await editor.outputHandle('size', id).waitFor();
    expect((await saved).status()).toBe(200);
  }

  it('a case added after the node was drawn connects by dragging from its new output, and the edge is saved and drawn', async () => {
    const { editor, flow } = await openPizza('PIZZA1');
    await addCase(editor, 'case_1');

    const saved = editor.nextSave();
    await editor.connect('size', 'case_1', 'p_medium');
    expect((await saved).status()).toBe(200);
    const stored = await env.api.getFlow(flow.id);
    expect(edgesOf(stored)).toEqual(['case_1>p_medium', 'small>p_small']);
    const edge = stored.definition.edges.find((e) => e.sourceHandle === 'case_1');
    await editor.edge(edge!.id).waitFor({ state: 'attached' });
  });

  it('an output connected through "Next steps" is drawn at once, without a reload', async () => {
    const { editor, flow } = await openPizza('PIZZA2');
    await addCase(editor, 'case_1');

    const saved = editor.nextSave();
    await editor.nextStepFor('Answer 2').selectOption({ label: 'Reply ‘Price large’' });
    expect((await saved).status()).toBe(200);
    const edge = (await env.api.getFlow(flow.id)).definition.edges.find((e) => e.sourceHandle === 'case_1');
    expect(edge).toMatchObject({ source: 'size', target: 'p_large' });
    await editor.edge(edge!.id).waitFor({ state: 'attached' });
  });

  it('renaming an output id carries its edge to the new id, in the saved flow and on the canvas', async () => {
    const { editor, flow } = await openPizza('PIZZA3');
    const saved = editor.nextSave();
    await editor.renameOutput(0, 'tiny');
    expect((await saved).status()).toBe(200);
    // The save may have caught the id half-typed; wait for the one with the whole new id.
    await expect.poll(async () => edgesOf(await env.api.getFlow(flow.id)), { timeout: 10_000 }).toEqual(['tiny>p_small']);
    await editor.outputHandle('size', 'tiny').waitFor();
    await editor.edge('e4').waitFor({ state: 'attached' });
    const check = await env.api.request<{ problems: { code: string }[] }>('POST', '/flows/validate', { definition: (await env.api.getFlow(flow.id)).definition });
    expect(check.problems.filter((p) => p.code === 'unknown_source_handle')).toEqual([]);
  });
});
