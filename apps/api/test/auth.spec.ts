import type { ApiKeyDto, CreatedApiKeyDto, UserDto } from '@moflow/api-contract';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, type Agent, type TestApp } from './support/test-app';

function cookies(res: { headers: Record<string, unknown> }): string[] {
  return ([] as string[]).concat((res.headers['set-cookie'] as string[] | string | undefined) ?? []);
}

describe('auth: sessions, CSRF, rate limit, users, API keys', () => {
  let t: TestApp;
  let admin: Agent;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAs('admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('signs in with an HTTP-only SameSite session cookie and a readable CSRF cookie', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ email: ADMIN_EMAIL.toUpperCase(), password: ADMIN_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: ADMIN_EMAIL, role: 'admin' });
    expect(res.body.user).not.toHaveProperty('passwordHash');
    const [session, csrf] = ['moflow_session=', 'moflow_csrf='].map((name) => cookies(res).find((c) => c.startsWith(name)) ?? '');
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).not.toMatch(/Secure/i);
    expect(csrf).not.toMatch(/HttpOnly/i);
    expect(csrf).toContain(encodeURIComponent(res.body.csrfToken));
  });

  it('answers one generic message for a wrong password and an unknown e-mail', async () => {
    const wrong = await t.http.post('/api/v1/auth/login').send({ email: ADMIN_EMAIL, password: 'nope-nope-nope' });
    const unknown = await t.http.post('/api/v1/auth/login').send({ email: 'ghost@test.local', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect(cookies(wrong)).toEqual([]);
  });

  it('rate-limits failed sign-ins per IP and e-mail with 429 and Retry-After, even for the right password', async () => {
    await admin.post('/api/v1/users').send({ email: 'target@test.local', password: 'target-password-1', role: 'ops' }).expect(201);
    for (let i = 0; i < 5; i++) {
      expect((await t.http.post('/api/v1/auth/login').send({ email: 'target@test.local', password: `wrong-${i}-xxxxxx` })).status).toBe(401);
    }
    const blocked = await t.http.post('/api/v1/auth/login').send({ email: 'target@test.local', password: 'target-password-1' });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another account from the same IP is not affected.
    expect((await t.http.post('/api/v1/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD })).status).toBe(200);
  });

  it('refuses unsafe cookie requests without the matching X-CSRF-Token', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const login = await agent.post('/api/v1/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    const body = { name: 'CSRF probe' };
    const none = await agent.post('/api/v1/flows').send(body);
    expect(none.status).toBe(403);
    expect(none.body.code).toBe('CSRF_INVALID');
    const wrong = await agent.post('/api/v1/flows').set('X-CSRF-Token', 'forged').send(body);
    expect(wrong.body.code).toBe('CSRF_INVALID');
    // Reads need no token; writes with it pass.
    expect((await agent.get('/api/v1/flows')).status).toBe(200);
    expect((await agent.post('/api/v1/flows').set('X-CSRF-Token', login.body.csrfToken).send(body)).status).toBe(201);
  });

  it('signs out: the session cookie stops working', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const login = await agent.post('/api/v1/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect((await agent.get('/api/v1/auth/me')).status).toBe(200);
    const stolen = cookies(login).map((c) => c.split(';')[0]).join('; ');
    expect((await agent.post('/api/v1/auth/logout').set('X-CSRF-Token', login.body.csrfToken)).status).toBe(204);
    expect((await agent.get('/api/v1/auth/me')).status).toBe(401);
    // Replaying the old cookie does not work either: the session is gone server-side.
    expect((await t.http.get('/api/v1/auth/me').set('Cookie', stolen)).status).toBe(401);
  });

  it('manages users (admin only) with validation problems by path', async () => {
    const created = await admin.post('/api/v1/users').send({ email: 'New.Editor@Test.local', password: 'editor-password-9', name: 'Ed', role: 'editor' });
    expect(created.status).toBe(201);
    const user = created.body as UserDto;
    expect(user).toMatchObject({ email: 'new.editor@test.local', role: 'editor', name: 'Ed' });
    expect((await admin.post('/api/v1/users').send({ email: 'new.editor@test.local', password: 'editor-password-9', role: 'editor' })).body.code).toBe('USER_EMAIL_TAKEN');

    const bad = await admin.post('/api/v1/users').send({ email: 'not-an-email', password: 'short', role: 'boss', isAdmin: true });
    expect(bad.status).toBe(400);
    const paths = (bad.body.problems as { path: string }[]).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'password', 'role', 'isAdmin']));

    const promoted = await admin.patch(`/api/v1/users/${user.id}`).send({ role: 'ops' });
    expect(promoted.body.role).toBe('ops');
    const list = (await admin.get('/api/v1/users')).body as UserDto[];
    expect(list.map((u) => u.email)).toContain('new.editor@test.local');
    const editor = await t.loginAs('editor');
    expect((await editor.get('/api/v1/users')).status).toBe(403);
    expect((await admin.delete(`/api/v1/users/${user.id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/users/${user.id}`)).body.code).toBe('USER_NOT_FOUND');
  });

  it('signs a user out everywhere when an admin sets a new password', async () => {
    await admin.post('/api/v1/users').send({ email: 'rotate@test.local', password: 'rotate-password-1', role: 'ops' }).expect(201);
    const agent = request.agent(t.app.getHttpServer());
    await agent.post('/api/v1/auth/login').send({ email: 'rotate@test.local', password: 'rotate-password-1' }).expect(200);
    const me = (await agent.get('/api/v1/auth/me').expect(200)).body.user as UserDto;
    await admin.patch(`/api/v1/users/${me.id}`).send({ password: 'rotate-password-2' }).expect(200);
    expect((await agent.get('/api/v1/auth/me')).status).toBe(401);
    expect((await t.http.post('/api/v1/auth/login').send({ email: 'rotate@test.local', password: 'rotate-password-1' })).status).toBe(401);
    expect((await t.http.post('/api/v1/auth/login').send({ email: 'rotate@test.local', password: 'rotate-password-2' })).status).toBe(200);
  });

  it('refuses to remove or demote the last admin', async () => {
    const me = (await admin.get('/api/v1/auth/me')).body.user as UserDto;
    const demote = await admin.patch(`/api/v1/users/${me.id}`).send({ role: 'editor' });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('LAST_ADMIN');
    expect((await admin.delete(`/api/v1/users/${me.id}`)).body.code).toBe('LAST_ADMIN');
  });

  it('issues API keys shown once, stored hashed, scoped, with last use recorded and revocation', async () => {
    const created = await admin.post('/api/v1/api-keys').send({ name: 'CRM', scopes: ['flows:read'] });
    expect(created.status).toBe(201);
    const key = created.body as CreatedApiKeyDto;
    expect(key.key).toMatch(/^mfk_[\w-]{40,}$/);
    expect(key.key.startsWith(key.prefix)).toBe(true);
    expect(key.lastUsedAt).toBeNull();
    const listed = ((await admin.get('/api/v1/api-keys')).body as ApiKeyDto[]).find((k) => k.id === key.id)!;
    expect(listed).not.toHaveProperty('key');
    expect(JSON.stringify(listed)).not.toContain(key.key);

    const bearer = { Authorization: `Bearer ${key.key}` };
    expect((await t.http.get('/api/v1/flows').set(bearer)).status).toBe(200);
    const write = await t.http.post('/api/v1/flows').set(bearer).send({ name: 'by key' });
    expect(write.status).toBe(403);
    expect(write.body.code).toBe('FORBIDDEN_SCOPE');
    const used = ((await admin.get('/api/v1/api-keys')).body as ApiKeyDto[]).find((k) => k.id === key.id)!;
    expect(Date.parse(used.lastUsedAt!)).toBeGreaterThan(Date.now() - 60_000);

    const revoked = await admin.delete(`/api/v1/api-keys/${key.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const after = await t.http.get('/api/v1/flows').set(bearer);
    expect(after.status).toBe(401);

    const badScope = await admin.post('/api/v1/api-keys').send({ name: 'x', scopes: ['everything'] });
    expect(badScope.status).toBe(400);
    expect(badScope.body.problems[0].path).toBe('scopes');
  });

  it('marks cookies Secure when PUBLIC_URL is https', async () => {
    const secure = await createTestApp({ env: { PUBLIC_URL: 'https://moflow.example.com' } });
    try {
      const res = await secure.http.post('/api/v1/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      expect(cookies(res).every((c) => /;\s*Secure/i.test(c))).toBe(true);
    } finally {
      await secure.close();
    }
  });
});
