import type { ApiKeyScope, Role } from '@moflow/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concretePath, expressRoutes, nestRoutes, type RouteInfo } from './support/routes';
import { PUBLIC_ROUTES } from './support/public-routes';
import { createTestApp, type Agent, type Http, type TestApp } from './support/test-app';

const ALL_ROLES: Role[] = ['admin', 'editor', 'ops'];
const ALL_SCOPES: ApiKeyScope[] = ['flows:execute', 'flows:read', 'runs:read'];

function send(agent: Agent | Http, route: RouteInfo) {
  const url = concretePath(route.path);
  switch (route.method) {
    case 'GET':
      // An event stream never ends: read the status and headers, then hang up.
      return route.isStream
        ? agent.get(url).buffer(false).parse((res, done) => {
          const chunks: Buffer[] = [];
          const finish = () => done(null, chunks.length ? safeJson(Buffer.concat(chunks).toString()) : {});
          if (res.statusCode === 200) {
            (res as unknown as { destroy(): void }).destroy();
            return done(null, {});
          }
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', finish);
        })
        : agent.get(url);
    case 'POST': return agent.post(url).send({});
    case 'PUT': return agent.put(url).send({});
    case 'PATCH': return agent.patch(url).send({});
    case 'DELETE': return agent.delete(url);
    default: throw new Error(`route-inventory: teach send() the method ${route.method} (${route.key})`);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

describe('route inventory: no route is ever forgotten by the auth guard', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  beforeAll(async () => {
    t = await createTestApp();
    routes = nestRoutes(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds the routes from the Nest router, and express serves nothing under /api, /health or /metrics that Nest does not know', () => {
    const keys = new Set(routes.map((r) => r.key));
    expect(keys).toContain('GET /api/v1/flows');
    expect(keys).toContain('POST /api/v1/flows/:id/publish');
    expect(keys).toContain('GET /metrics');
    const served = expressRoutes(t.app).filter((k) => /^\w+ \/(api\/v1|health|metrics)/.test(k));
    expect(served.length).toBeGreaterThanOrEqual(routes.length);
    for (const key of served) expect(keys, `${key} is served but unknown to Nest's router`).toContain(key);
  });

  it('marks exactly the listed routes public', () => {
    expect(routes.filter((r) => r.isPublic).map((r) => r.key).sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('answers 401 without credentials on every other route', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => !r.isPublic)) {
      const res = await send(t.http, route);
      if (res.status !== 401 || res.body.code !== 'UNAUTHENTICATED') failures.push(`${route.key} → ${res.status} ${res.body.code}`);
      const forged = await send(t.http, route).set('Authorization', 'Bearer mfk_not-a-real-key');
      if (forged.status !== 401) failures.push(`${route.key} with an unknown API key → ${forged.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 to every role the route does not list', async () => {
    const agents = new Map<Role, Agent>();
    for (const role of ALL_ROLES) agents.set(role, await t.loginAs(role));
    const failures: string[] = [];
    let checked = 0;
    for (const route of routes.filter((r) => !r.isPublic && r.roles)) {
      for (const role of ALL_ROLES.filter((r) => !route.roles!.includes(r))) {
        const res = await send(agents.get(role)!, route);
        checked++;
        if (res.status !== 403 || res.body.code !== 'FORBIDDEN_ROLE') failures.push(`${route.key} as ${role} → ${res.status} ${res.body.code}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });

  it('answers 403 to an API key lacking the route\'s scopes, and to any key on routes without scopes', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => !r.isPublic)) {
      const scopes = route.scopes?.length ? ALL_SCOPES.filter((s) => !route.scopes!.includes(s)) : ALL_SCOPES;
      const key = await t.apiKey(scopes, `inventory ${route.key}`);
      const res = await send(t.http, route).set('Authorization', `Bearer ${key}`);
      if (res.status !== 403 || res.body.code !== 'FORBIDDEN_SCOPE') failures.push(`${route.key} with scopes [${scopes.join(',')}] → ${res.status} ${res.body.code}`);
    }
    expect(failures).toEqual([]);
  });

  it('lets every listed role through the guard (whatever the handler then says, never 401/403/5xx)', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => !r.isPublic && r.key !== 'POST /api/v1/auth/logout')) {
      for (const role of route.roles ?? ALL_ROLES) {
        const res = await send(await t.loginAs(role), route);
        if (res.status === 401 || (res.status === 403 && String(res.body.code).startsWith('FORBIDDEN')) || res.status >= 500) {
          failures.push(`${route.key} as ${role} → ${res.status} ${res.body.code}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
