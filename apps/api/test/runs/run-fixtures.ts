import type { FlowDefinitionInput } from '@moflow/flow-spec';
import type { DataSource } from 'typeorm';
import type { TestApp } from '../support/test-app';

/** Creates and publishes a flow through the public API (as admin); returns its id. */
export async function publishFlow(t: TestApp, name: string, definition: FlowDefinitionInput): Promise<string> {
  const admin = await t.loginAs('admin');
  const created = await admin.post('/api/v1/flows').send({ name, definition });
  if (created.status !== 201) throw new Error(`create flow failed: ${created.status} ${JSON.stringify(created.body)}`);
  const id = (created.body as { id: string }).id;
  const published = await admin.post(`/api/v1/flows/${id}/publish`).send({});
  if (published.status !== 200) throw new Error(`publish failed: ${published.status} ${JSON.stringify(published.body)}`);
  return id;
}

export async function createDraft(t: TestApp, name: string, definition: FlowDefinitionInput): Promise<string> {
  const created = await (await t.loginAs('admin')).post('/api/v1/flows').send({ name, definition });
  if (created.status !== 201) throw new Error(`create flow failed: ${created.status} ${JSON.stringify(created.body)}`);
  return (created.body as { id: string }).id;
}

/** trigger → reply (greeting with a REST parameter) → wait → reply (echo) → end. */
export function echoFlow(keyword: string, opts: { rest?: boolean; timeoutSeconds?: number } = {}): FlowDefinitionInput {
  return {
    specVersion: 1,
    nodes: [
      { id: 'start', type: 'trigger', config: { keywords: [keyword], rest: opts.rest ?? true } },
      { id: 'hello', type: 'reply', config: { text: "Hello {{ trigger.parameters.name ? trigger.parameters.name : 'there' }}" } },
      { id: 'ask', type: 'wait', config: { timeoutSeconds: opts.timeoutSeconds ?? 3600 } },
      { id: 'echo', type: 'reply', config: { text: 'You said {{ vars.reply }}' } },
      { id: 'late', type: 'reply', config: { text: 'Too late' } },
      { id: 'done', type: 'end', config: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'hello' },
      { id: 'e2', source: 'hello', target: 'ask' },
      { id: 'e3', source: 'ask', sourceHandle: 'reply', target: 'echo' },
      { id: 'e4', source: 'ask', sourceHandle: 'timeout', target: 'late' },
      { id: 'e5', source: 'echo', target: 'done' },
      { id: 'e6', source: 'late', target: 'done' },
    ],
  };
}

export async function count(ds: DataSource, table: string): Promise<number> {
  const rows = (await ds.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: string | number }[];
  return Number(rows[0]?.n ?? 0);
}

export async function eventually<T>(probe: () => Promise<T | null | undefined | false>, what: string, ms = 8_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
