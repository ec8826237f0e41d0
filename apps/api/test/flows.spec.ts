import type { FlowDiffDto, FlowDto, FlowSummaryDto, FlowVersionDto } from '@moflow/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keywordFlow } from './support/flow-fixtures';
import { createTestApp, type Agent, type TestApp } from './support/test-app';

describe('flows API', () => {
  let t: TestApp;
  let editor: Agent;
  let ops: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await t.loginAs('editor');
    ops = await t.loginAs('ops');
  });
  afterAll(async () => {
    await t?.close();
  });

  async function createFlow(name: string, definition: unknown): Promise<FlowDto> {
    const res = await editor.post('/api/v1/flows').send({ name, definition });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as FlowDto;
  }

  it('creates a flow with a starter trigger, lists and reads it', async () => {
    const res = await editor.post('/api/v1/flows').send({ name: 'Starter', description: 'first' });
    expect(res.status).toBe(201);
    const flow = res.body as FlowDto;
    expect(flow).toMatchObject({ name: 'Starter', description: 'first', status: 'draft', revision: 1, publishedVersion: null, hasUnpublishedChanges: true, runsLast24h: 0 });
    expect(flow.updatedBy?.email).toMatch(/^editor-/);
    expect(flow.definition.nodes[0]).toMatchObject({ type: 'trigger' });

    const list = await ops.get('/api/v1/flows');
    expect(list.status).toBe(200);
    expect((list.body as FlowSummaryDto[]).map((f) => f.id)).toContain(flow.id);
    expect((list.body as FlowSummaryDto[])[0]).not.toHaveProperty('definition');
    const one = await ops.get(`/api/v1/flows/${flow.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: flow.id, tests: [], requireTestsToPublish: false });
  });

  it('saves drafts with baseRevision and answers 409 naming who saved since', async () => {
    const flow = await createFlow('Conflicts', keywordFlow(['CONFLICT']));
    const first = await editor.put(`/api/v1/flows/${flow.id}`).send({ baseRevision: 1, name: 'Conflicts v2' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ revision: 2, name: 'Conflicts v2' });

    const admin = await t.loginAs('admin');
    const stale = await admin.patch(`/api/v1/flows/${flow.id}`).send({ baseRevision: 1, name: 'Overwrite?' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('REVISION_CONFLICT');
    expect(stale.body.details).toMatchObject({ currentRevision: 2, savedBy: { email: expect.stringMatching(/^editor-/) } });
    expect(stale.body.message).toContain('editor-');
    expect(Date.parse(stale.body.details.savedAt)).not.toBeNaN();
    const after = await ops.get(`/api/v1/flows/${flow.id}`);
    expect(after.body.name).toBe('Conflicts v2');
  });

  it('validates with every problem and its path, and still saves an invalid draft', async () => {
    const broken = { specVersion: 1, nodes: [{ id: 'r', type: 'reply', position: { x: 0, y: 0 }, config: { text: 5 } }], edges: [{ id: 'e', source: 'r', target: 'ghost' }] };
    const res = await editor.post('/api/v1/flows/validate').send({ definition: broken });
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(false);
    const paths = (res.body.problems as { path: string }[]).map((p) => p.path);
    expect(paths).toContain('nodes[0].config.text');
    expect(paths.some((p) => p.startsWith('edges[0]'))).toBe(true);
    expect(res.body.problems.length).toBeGreaterThanOrEqual(3);

    const good = await editor.post('/api/v1/flows/validate').send(keywordFlow(['OK']));
    expect(good.body).toMatchObject({ valid: true });

    const flow = await createFlow('Broken draft', broken);
    expect(flow.definition).toEqual(broken);
    const publish = await editor.post(`/api/v1/flows/${flow.id}/publish`).send({});
    expect(publish.status).toBe(422);
    expect(publish.body.code).toBe('FLOW_INVALID');
    expect(publish.body.problems.map((p: { path: string }) => p.path)).toContain('nodes[0].config.text');
    expect((await ops.get(`/api/v1/flows/${flow.id}/versions`)).body).toEqual([]);
  });

  it('publishes numbered immutable versions, diffs them, rolls back and archives', async () => {
    const flow = await createFlow('Lifecycle', keywordFlow(['LIFE'], 'Version one'));
    const v1 = await editor.post(`/api/v1/flows/${flow.id}/publish`).send({ note: 'first' });
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ status: 'published', publishedVersion: 1, hasUnpublishedChanges: false, keywords: ['LIFE'] });

    const def2 = keywordFlow(['LIFE', 'LIVING'], 'Version two');
    def2.nodes.push({ id: 'extra', type: 'reply', position: { x: 9, y: 9 }, config: { text: 'One more thing' } });
    def2.edges = [def2.edges[0]!, { id: 'e2', source: 'hello', sourceHandle: 'next', target: 'extra' }, { id: 'e3', source: 'extra', sourceHandle: 'next', target: 'done' }];
    const saved = await editor.put(`/api/v1/flows/${flow.id}`).send({ baseRevision: 1, definition: def2 });
    expect(saved.body.hasUnpublishedChanges).toBe(true);
    const draftDiff = await ops.get(`/api/v1/flows/${flow.id}/diff?from=1&to=draft`);
    expect(draftDiff.status).toBe(200);
    expect(draftDiff.body as FlowDiffDto).toEqual({
      from: 1, to: 'draft', nodesAdded: ['extra'], nodesRemoved: [],
      nodesChanged: expect.arrayContaining([{ nodeId: 'start', fields: ['config.keywords'] }, { nodeId: 'hello', fields: ['config.text'] }]),
      edgesAdded: ['e2', 'e3'], edgesRemoved: ['e2'],
    });
    const v2 = await editor.post(`/api/v1/flows/${flow.id}/publish`).send({});
    expect(v2.body.publishedVersion, JSON.stringify(v2.body)).toBe(2);

    const versions = (await ops.get(`/api/v1/flows/${flow.id}/versions`)).body as FlowVersionDto[];
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[1]).toMatchObject({ note: 'first', publishedBy: { email: expect.stringMatching(/^editor-/) } });
    expect(versions[0]).not.toHaveProperty('definition');
    const one = await ops.get(`/api/v1/flows/${flow.id}/versions/1`);
    expect(one.body.definition.nodes[1].config.text).toBe('Version one');
    expect((await ops.get(`/api/v1/flows/${flow.id}/diff?from=1&to=2`)).body.nodesAdded).toEqual(['extra']);

    const rolled = await editor.post(`/api/v1/flows/${flow.id}/rollback`).send({ version: 1 });
    expect(rolled.status).toBe(200);
    expect(rolled.body).toMatchObject({ publishedVersion: 3, keywords: ['LIFE', 'LIVING'], hasUnpublishedChanges: true });
    const v3 = await ops.get(`/api/v1/flows/${flow.id}/versions/3`);
    expect(v3.body).toMatchObject({ note: 'Rollback to version 1' });
    expect(v3.body.definition.nodes[1].config.text).toBe('Version one');
    // Version 1 itself is untouched by all of this.
    expect((await ops.get(`/api/v1/flows/${flow.id}/versions/1`)).body).toEqual(one.body);

    // LIVING was only claimed by v2; after rollback to v1 another flow may take it.
    const other = await createFlow('Takes LIVING', keywordFlow(['LIVING']));
    expect((await editor.post(`/api/v1/flows/${other.id}/publish`).send({})).status).toBe(200);

    const archived = await editor.post(`/api/v1/flows/${flow.id}/archive`).send({});
    expect(archived.body.status).toBe('archived');
    const reuse = await createFlow('Reuses LIFE', keywordFlow(['life']));
    expect((await editor.post(`/api/v1/flows/${reuse.id}/publish`).send({})).status).toBe(200);
  });

  it('refuses a keyword another published flow claims on the same channel or on "*", naming that flow', async () => {
    const owner = await createFlow('Pizza owner', keywordFlow(['PIZZA'], 'hi', ['ch-a']));
    expect((await editor.post(`/api/v1/flows/${owner.id}/publish`).send({})).status).toBe(200);

    const sameChannel = await createFlow('Pizza thief', keywordFlow(['pizza'], 'hi', ['ch-a']));
    const refused = await editor.post(`/api/v1/flows/${sameChannel.id}/publish`).send({});
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('KEYWORD_CONFLICT');
    expect(refused.body.message).toContain('Pizza owner');
    expect(refused.body.details.conflictingFlow).toMatchObject({ id: owner.id, name: 'Pizza owner' });

    const everywhere = await createFlow('Pizza everywhere', keywordFlow(['PIZZA'], 'hi', ['*']));
    expect((await editor.post(`/api/v1/flows/${everywhere.id}/publish`).send({})).status).toBe(409);

    const otherChannel = await createFlow('Pizza elsewhere', keywordFlow(['PIZZA'], 'hi', ['ch-b']));
    expect((await editor.post(`/api/v1/flows/${otherChannel.id}/publish`).send({})).status).toBe(200);

    // Republishing the owner with its own keyword is not a conflict with itself.
    expect((await editor.post(`/api/v1/flows/${owner.id}/publish`).send({})).status).toBe(200);
  });

  it('answers 404 for unknown flows and versions, 400 for bad diff sides', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await ops.get(`/api/v1/flows/${missing}`)).body.code).toBe('FLOW_NOT_FOUND');
    expect((await ops.get('/api/v1/flows/not-a-uuid')).status).toBe(404);
    const flow = await createFlow('Versionless', keywordFlow(['NOVERSION']));
    expect((await ops.get(`/api/v1/flows/${flow.id}/versions/7`)).body.code).toBe('FLOW_VERSION_NOT_FOUND');
    expect((await ops.get(`/api/v1/flows/${flow.id}/versions/abc`)).status).toBe(404);
    expect((await editor.post(`/api/v1/flows/${flow.id}/rollback`).send({ version: 4 })).status).toBe(404);
    const badDiff = await ops.get(`/api/v1/flows/${flow.id}/diff?from=zero&to=draft`);
    expect(badDiff.status).toBe(400);
    expect(badDiff.body.problems[0]).toMatchObject({ path: 'from' });
  });

  it('lets ops read but not write, and deletes only never-published flows', async () => {
    const flow = await createFlow('Ops cannot', keywordFlow(['OPSNO']));
    expect((await ops.put(`/api/v1/flows/${flow.id}`).send({ baseRevision: 1, name: 'x' })).status).toBe(403);
    expect((await ops.post(`/api/v1/flows/${flow.id}/publish`).send({})).status).toBe(403);
    expect((await editor.post(`/api/v1/flows/${flow.id}/publish`).send({})).status).toBe(200);
    const del = await editor.delete(`/api/v1/flows/${flow.id}`);
    expect(del.status).toBe(409);
    expect(del.body.code).toBe('FLOW_HAS_VERSIONS');
    const draft = await createFlow('Disposable', keywordFlow(['GONE']));
    expect((await editor.delete(`/api/v1/flows/${draft.id}`)).status).toBe(204);
    expect((await ops.get(`/api/v1/flows/${draft.id}`)).status).toBe(404);
  });

  it('publishes a flow that requires tests only when its saved tests pass', async () => {
    const flow = await createFlow('Needs tests', keywordFlow(['TESTME']));
    const failing = await editor.put(`/api/v1/flows/${flow.id}`).send({
      baseRevision: 1, requireTestsToPublish: true,
      tests: [{ id: 'c1', name: 'greets', script: [{ text: 'TESTME' }], expect: [{ text: 'Goodbye!' }] }],
    });
    expect(failing.status).toBe(200);
    const refused = await editor.post(`/api/v1/flows/${flow.id}/publish`).send({});
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('FLOW_TESTS_FAILED');
    expect(refused.body.message).toContain('greets');
    expect(refused.body.details).toMatchObject({ passed: 0, failed: 1 });

    await editor.put(`/api/v1/flows/${flow.id}`).send({
      baseRevision: 2, tests: [{ id: 'c1', name: 'greets', script: [{ text: 'TESTME' }], expect: [{ text: 'Hel+o!', match: 'pattern' }] }],
    }).expect(200);
    const published = await editor.post(`/api/v1/flows/${flow.id}/publish`).send({});
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body.publishedVersion).toBe(1);
  });
});
