import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app';

describe('serving the built editor', () => {
  let t: TestApp;
  let dist: string;
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'moflow-editor-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root">moflow editor</div>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log("editor")');
    t = await createTestApp({ env: { MOFLOW_EDITOR_DIST: dist } });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html, assets, and the SPA fallback for client-side routes', async () => {
    expect((await t.http.get('/')).text).toContain('moflow editor');
    expect((await t.http.get('/assets/app.js')).text).toContain('console.log("editor")');
    const deep = await t.http.get('/flows/123/edit');
    expect(deep.status).toBe(200);
    expect(deep.text).toContain('moflow editor');
  });

  it('never answers API, health or metrics paths with the SPA', async () => {
    const api = await t.http.get('/api/v1/no-such-route');
    expect(api.status).toBe(404);
    expect(api.body.code).toBe('ROUTE_NOT_FOUND');
    expect((await t.http.get('/api/v1/flows')).status).toBe(401);
    expect((await t.http.get('/health/live')).body).toEqual({ status: 'ok' });
    expect((await t.http.get('/health/nothing')).body.code).toBe('ROUTE_NOT_FOUND');
    expect((await t.http.get('/metrics')).status).toBe(401);
  });
});
