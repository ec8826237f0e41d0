import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concretePath, nestRoutes, type RouteInfo } from './support/routes';
import { createTestApp, type Agent, type TestApp } from './support/test-app';

/** Bodies a confused or hostile client might send. */
const garbageBodies: Array<{ label: string; type: string; body: string }> = [
  { label: 'malformed JSON', type: 'application/json', body: '{"name": "x",' },
  { label: 'JSON array', type: 'application/json', body: '[1,2,3]' },
  { label: 'JSON null', type: 'application/json', body: 'null' },
  { label: 'JSON string', type: 'application/json', body: '"hello"' },
  { label: 'wrong types', type: 'application/json', body: JSON.stringify({ name: 42, email: [], password: {}, definition: 'x', baseRevision: 'one', version: -1, scopes: 'all', role: null, tests: [null] }) },
  { label: 'prototype pollution', type: 'application/json', body: '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}' },
  { label: 'deep nesting', type: 'application/json', body: '{"definition":' + '{"a":'.repeat(2000) + '1' + '}'.repeat(2001) },
  { label: 'form body', type: 'application/x-www-form-urlencoded', body: 'name=x&definition[nodes]=1' },
  { label: 'plain text', type: 'text/plain', body: 'DROP TABLE flows;' },
];

function call(agent: Agent, route: RouteInfo, url: string) {
  switch (route.method) {
    case 'POST': return agent.post(url);
    case 'PUT': return agent.put(url);
    case 'PATCH': return agent.patch(url);
    case 'DELETE': return agent.delete(url);
    default: return agent.get(url);
  }
}

describe('garbage input never produces a 5xx', () => {
  let t: TestApp;
  let admin: Agent;
  let routes: RouteInfo[];
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAs('admin');
    routes = nestRoutes(t.app).filter((r) => !r.isStream && r.key !== 'POST /api/v1/auth/logout');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers every route and every garbage body with a 4xx (or 2xx) ApiError, as admin', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const url = concretePath(route.path);
      for (const g of route.method === 'GET' || route.method === 'DELETE' ? garbageBodies.slice(0, 1) : garbageBodies) {
        const res = await call(admin, route, url).set('Content-Type', g.type).send(g.body);
        if (res.status >= 500) failures.push(`${route.key} with ${g.label} → ${res.status} ${JSON.stringify(res.body)}`);
        else if (res.status >= 400 && typeof res.body.code !== 'string') failures.push(`${route.key} with ${g.label} → ${res.status} without an error code`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('maps malformed JSON to 400 MALFORMED_JSON and oversize bodies to 413', async () => {
    const bad = await admin.post('/api/v1/flows').set('Content-Type', 'application/json').send('{"name":');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('MALFORMED_JSON');
    const huge = await admin.post('/api/v1/flows').set('Content-Type', 'application/json').send(JSON.stringify({ name: 'x', description: 'a'.repeat(3_000_000) }));
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await admin.get('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('ROUTE_NOT_FOUND');
  });

  it('survives random JSON on the flow routes (property test)', async () => {
    const flow = await admin.post('/api/v1/flows').send({ name: 'Fuzz target' });
    const targets = [
      (b: unknown) => admin.post('/api/v1/flows').send(b as object),
      (b: unknown) => admin.put(`/api/v1/flows/${flow.body.id}`).send(b as object),
      (b: unknown) => admin.post('/api/v1/flows/validate').send(b as object),
      (b: unknown) => admin.post('/api/v1/flows').send({ name: 'fuzz', definition: b }),
    ];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: targets.length - 1 }), fc.jsonValue({ maxDepth: 4 }), async (i, body) => {
        const res = await targets[i]!(typeof body === 'object' && body !== null ? body : { value: body });
        expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });
});
