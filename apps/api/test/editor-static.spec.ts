import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    const asset = await t.http.get('/assets/app.js');
    expect(asset.text).toContain('console.log("editor")');
    // Hashed asset names: kept by browsers for good; index.html is always revalidated.
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await t.http.get('/')).headers['cache-control']).toBe('no-cache');
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

  it('sends a CSP without inline scripts, refuses framing and sniffing, on the editor and the API', async () => {
    for (const path of ['/', '/flows/123/edit', '/api/v1/flows', '/health/live', '/api/docs']) {
      const res = await t.http.get(path);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(res.headers['x-frame-options'], path).toBe('DENY');
      expect(res.headers['x-content-type-options'], path).toBe('nosniff');
    }
  });

  it('keeps the built editor free of inline scripts, so the CSP does not break it', () => {
    const built = join(__dirname, '../../editor/dist/index.html');
    let html: string;
    try {
      html = readFileSync(built, 'utf8');
    } catch {
      html = readFileSync(join(__dirname, '../../editor/index.html'), 'utf8'); // not built here: the source template
    }
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body?.trim()).toBe('');
    }
  });
});
