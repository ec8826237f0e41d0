import type { DataRowDto, DataTableDto, Page } from '@moflow/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDraft } from '../runs/run-fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;

beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

const paths = (res: { body: { problems?: { path: string; message: string }[] } }) => (res.body.problems ?? []).map((p) => p.path);

describe(`data tables API (${process.env.DATABASE_URL?.startsWith('postgres') ? 'postgres' : 'sqlite'})`, () => {
  it('creates a table, imports CSV, edits rows, exports CSV and pages rows in key order', async () => {
    const admin = await t.loginAs('admin');
    const created = await admin.post('/api/v1/data-tables').send({ name: 'stores', description: 'Stores by ZIP', columns: ['zip', 'city', 'phone'], keyColumn: 'zip' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'stores', columns: ['zip', 'city', 'phone'], keyColumn: 'zip', rowCount: 0, usedBy: [] });

    const imported = await admin.post('/api/v1/data-tables/stores/import')
      .send({ csv: 'zip,city,phone\r\n10001,"New York, NY",+12125550100\r\n94105,San Francisco,\r\n' });
    expect(imported.body).toEqual({ imported: 2, mode: 'merge', rowCount: 2 });

    const put = await admin.put('/api/v1/data-tables/stores/rows/60601').send({ row: { city: 'Chicago', phone: '=1+1' } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ key: '60601', row: { zip: '60601', city: 'Chicago', phone: '=1+1' } });
    expect((await admin.put('/api/v1/data-tables/stores/rows/94105').send({ row: { city: 'SF' } })).status).toBe(200);

    const first = (await admin.get('/api/v1/data-tables/stores/rows').query({ limit: 2 })).body as Page<DataRowDto>;
    expect(first.items.map((r) => r.key)).toEqual(['10001', '60601']);
    const second = (await admin.get('/api/v1/data-tables/stores/rows').query({ limit: 2, cursor: first.nextCursor })).body as Page<DataRowDto>;
    expect(second).toMatchObject({ items: [{ key: '94105', row: { zip: '94105', city: 'SF' } }], nextCursor: null });

    const csv = await admin.get('/api/v1/data-tables/stores/export.csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    // The formula guard on export; a re-import strips it, so the round trip keeps the value.
    expect(csv.text).toBe('zip,city,phone\r\n10001,"New York, NY",+12125550100\r\n60601,Chicago,\'=1+1\r\n94105,SF,\r\n');
    expect((await admin.post('/api/v1/data-tables/stores/import').send({ csv: csv.text, mode: 'replace' })).body).toEqual({ imported: 3, mode: 'replace', rowCount: 3 });
    expect(((await admin.get('/api/v1/data-tables/stores/rows')).body as Page<DataRowDto>).items[1]?.row).toEqual({ zip: '60601', city: 'Chicago', phone: '=1+1' });

    // replace: the CSV becomes the whole table.
    expect((await admin.post('/api/v1/data-tables/stores/import').send({ csv: 'zip,city\n10001,NYC\n', mode: 'replace' })).body).toEqual({ imported: 1, mode: 'replace', rowCount: 1 });
    expect((await admin.delete('/api/v1/data-tables/stores/rows/10001')).status).toBe(204);
    expect((await admin.delete('/api/v1/data-tables/stores/rows/10001')).body).toMatchObject({ code: 'DATA_ROW_NOT_FOUND' });
  });

  it('refuses a CSV with an unknown column, a repeated or empty key or a broken line, naming the line, and writes nothing', async () => {
    const admin = await t.loginAs('admin');
    await admin.post('/api/v1/data-tables').send({ name: 'plans', columns: ['code', 'price'], keyColumn: 'code' });
    const refuse = async (csv: string, message: RegExp) => {
      const res = await admin.post('/api/v1/data-tables/plans/import').send({ csv });
      expect(res.status).toBe(400);
      expect(res.body.problems).toEqual([expect.objectContaining({ path: 'csv', message: expect.stringMatching(message) })]);
    };
    await refuse('code,price,colour\ngold,10,red\n', /^line 1: "colour" is not a column of plans/);
    await refuse('price\n10\n', /^line 1: the key column code is missing/);
    await refuse('code,price\ngold,10\ngold,12\n', /^line 3: the key gold is already on line 2/);
    await refuse('code,price\n,10\n', /^line 2: the key code is empty/);
    await refuse('code,price\ngold\n', /^line 2: 1 fields, the header has 2/);
    await refuse('code,price\ngold,"10\n', /never closed/);
    expect(((await admin.get('/api/v1/data-tables/plans')).body as DataTableDto).rowCount).toBe(0);
    const bad = await admin.post('/api/v1/data-tables/plans/import').send({ csv: '', mode: 'all' });
    expect(paths(bad).sort()).toEqual(['csv', 'mode']);
  });

  it('validates tables and rows with what is wrong and where', async () => {
    const admin = await t.loginAs('admin');
    expect(paths(await admin.post('/api/v1/data-tables').send({ name: 'bad name!', columns: ['a'], keyColumn: 'a' }))).toEqual(['name']);
    expect(paths(await admin.post('/api/v1/data-tables').send({ name: 'x', columns: ['a', 'a'], keyColumn: 'a' }))).toEqual(['columns']);
    expect(paths(await admin.post('/api/v1/data-tables').send({ name: 'x', columns: ['a', 'b'], keyColumn: 'c' }))).toEqual(['keyColumn']);
    await admin.post('/api/v1/data-tables').send({ name: 'zones', columns: ['zip', 'zone'], keyColumn: 'zip' });
    expect((await admin.post('/api/v1/data-tables').send({ name: 'zones', columns: ['zip'], keyColumn: 'zip' })).body).toMatchObject({ code: 'DATA_TABLE_EXISTS' });
    expect(paths(await admin.patch('/api/v1/data-tables/zones').send({ columns: ['zone'] }))).toEqual(['columns']);
    expect((await admin.patch('/api/v1/data-tables/zones').send({ columns: ['zip', 'zone', 'area'] })).body).toMatchObject({ columns: ['zip', 'zone', 'area'] });
    const row = await admin.put('/api/v1/data-tables/zones/rows/10001').send({ row: { zone: { a: 1 }, colour: 'red', zip: '99999' } });
    expect(paths(row).sort()).toEqual(['row.colour', 'row.zip', 'row.zone']);
    expect(paths(await admin.put('/api/v1/data-tables/zones/rows/10001').send({ row: 'x' }))).toEqual(['row']);
    expect(paths(await admin.get('/api/v1/data-tables/zones/rows').query({ cursor: '!!' }))).toEqual(['cursor']);
    expect((await admin.get('/api/v1/data-tables/nope')).body).toMatchObject({ code: 'DATA_TABLE_NOT_FOUND' });
    expect((await admin.get('/api/v1/data-tables/nope/rows')).status).toBe(404);
    expect((await admin.delete('/api/v1/data-tables/zones')).status).toBe(204);
    expect((await admin.get('/api/v1/data-tables/zones')).status).toBe(404);
  });

  it('lists the flows that look rows up in a table and refuses to delete it while they do', async () => {
    const admin = await t.loginAs('admin');
    await admin.post('/api/v1/data-tables').send({ name: 'customers', columns: ['phone', 'name'], keyColumn: 'phone' });
    const flowId = await createDraft(t, 'Greet by name', {
      specVersion: 1,
      nodes: [
        { id: 'start', type: 'trigger', config: { keywords: ['HELLO'] } },
        { id: 'who', type: 'lookup', config: { kind: 'table', table: 'customers', key: '{{ contact.phone }}' } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'who' }],
    });
    const table = (await admin.get('/api/v1/data-tables/customers')).body as DataTableDto;
    expect(table.usedBy).toEqual([{ id: flowId, name: 'Greet by name' }]);
    const refused = await admin.delete('/api/v1/data-tables/customers');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'DATA_TABLE_IN_USE', message: expect.stringContaining('Greet by name') });
  });

  it('lets editors read, only admins change, and nobody else in', async () => {
    const admin = await t.loginAs('admin');
    await admin.post('/api/v1/data-tables').send({ name: 'roles', columns: ['k'], keyColumn: 'k' });
    const editor = await t.loginAs('editor');
    const ops = await t.loginAs('ops');
    expect((await editor.get('/api/v1/data-tables')).status).toBe(200);
    expect((await editor.get('/api/v1/data-tables/roles/export.csv')).status).toBe(200);
    expect((await editor.post('/api/v1/data-tables').send({ name: 'mine', columns: ['k'], keyColumn: 'k' })).status).toBe(403);
    expect((await editor.put('/api/v1/data-tables/roles/rows/a').send({ row: {} })).status).toBe(403);
    expect((await editor.post('/api/v1/data-tables/roles/import').send({ csv: 'k\na\n' })).status).toBe(403);
    expect((await editor.delete('/api/v1/data-tables/roles')).status).toBe(403);
    expect((await ops.get('/api/v1/data-tables')).status).toBe(403);
    expect((await t.http.get('/api/v1/data-tables')).status).toBe(401);
    const key = await t.apiKey(['flows:read', 'runs:read', 'flows:execute']);
    expect((await t.http.get('/api/v1/data-tables').set('Authorization', `Bearer ${key}`)).status).toBe(403);
  });

  it('documents the data-table and analytics routes with their response shapes in OpenAPI', async () => {
    const doc = (await t.http.get('/api/docs-json')).body as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/api/v1/data-tables', '/api/v1/data-tables/{name}/rows/{key}', '/api/v1/data-tables/{name}/import', '/api/v1/data-tables/{name}/export.csv',
      '/api/v1/flows/{id}/analytics', '/api/v1/flows/{id}/funnel', '/api/v1/channels/{id}/analytics',
    ]));
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['DataTableResponse', 'DataRowPageResponse', 'FlowAnalyticsResponse', 'ChannelAnalyticsResponse', 'FunnelResponse']));
  });
});
