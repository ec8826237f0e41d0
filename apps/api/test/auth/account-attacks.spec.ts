import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiKeyEntity } from '@moflow/data-access';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERIFIED_KEY_TTL_MS } from '../../src/auth/api-keys.service';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, type Agent, type TestApp } from '../support/test-app';

/** The account attacks of issue 14, replayed against the real app over HTTP. */
let t: TestApp;
let admin: Agent;
let port = 0;

beforeAll(async () => {
  t = await createTestApp({ env: { STREAM_RECHECK_MS: '150' } });
  admin = await t.loginAs('admin');
  await t.app.listen(0, '127.0.0.1');
  port = (t.app.getHttpServer().address() as AddressInfo).port;
});
afterAll(async () => {
  await t?.close();
});

const login = (body: Record<string, unknown>) => request(t.app.getHttpServer()).post('/api/v1/auth/login').send(body);

describe('login limiter under parallel requests', () => {
  it('counts each attempt before checking the password: 30 at once, the right one 12th, hit 429', async () => {
    await admin.post('/api/v1/users').send({ email: 'victim@test.local', password: 'victim-password-1', role: 'admin' }).expect(201);
    const attempts = Array.from({ length: 30 }, (_, i) => login({ email: 'victim@test.local', password: i === 11 ? 'victim-password-1' : `guess-${i}-xxxxxxx` }));
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    const count = (s: number) => statuses.filter((x) => x === s).length;
    expect(count(429)).toBe(30 - t.config.loginMaxAttemptsPerMinute);
    expect(count(401) + count(200)).toBe(t.config.loginMaxAttemptsPerMinute);
    expect(statuses.every((s) => [200, 401, 429].includes(s))).toBe(true);
  });

  it('does not count a successful sign-in against the account', async () => {
    for (let i = 0; i < t.config.loginMaxAttemptsPerMinute + 2; i++) expect((await login({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD })).status).toBe(200);
  });
});

describe('login CSRF', () => {
  it('refuses a form post and another site, and takes JSON from Moflow itself', async () => {
    const form = await request(t.app.getHttpServer()).post('/api/v1/auth/login').set('Origin', 'https://evil.example').type('form')
      .send(`email=${encodeURIComponent(ADMIN_EMAIL)}&password=${encodeURIComponent(ADMIN_PASSWORD)}`);
    expect(form.status).toBe(415);
    expect(form.headers['set-cookie']).toBeUndefined();
    const plain = await request(t.app.getHttpServer()).post('/api/v1/auth/login').set('Content-Type', 'text/plain')
      .send(JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }));
    expect(plain.status).toBe(415);
    const evil = await login({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).set('Origin', 'https://evil.example');
    expect(evil.status).toBe(403);
    expect(evil.body.code).toBe('CROSS_SITE_LOGIN');
    expect(evil.headers['set-cookie']).toBeUndefined();
    expect((await login({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).set('Sec-Fetch-Site', 'cross-site')).status).toBe(403);
    expect((await login({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).set('Origin', new URL(t.config.publicUrl).origin).set('Sec-Fetch-Site', 'same-origin')).status).toBe(200);
    expect((await login({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD })).status).toBe(200); // curl, scripts: no Origin
  });
});

/** Opens GET /runs/stream and resolves when the server ends it. */
function openStream(headers: Record<string, string>): Promise<{ status: number; ended: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/v1/runs/stream', headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const opened = Date.now();
      res.resume();
      resolve({ status: res.statusCode ?? 0, ended: new Promise((r) => res.on('end', () => r(Date.now() - opened))) });
    });
    req.on('error', reject);
  });
}

async function sessionCookie(email: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const res = await login({ email, password });
  expect(res.status).toBe(200);
  return { cookie: (res.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; '), csrf: res.body.csrfToken as string };
}

describe('open run streams end with their credential', () => {
  it('closes after logout', async () => {
    const { cookie, csrf } = await sessionCookie(ADMIN_EMAIL, ADMIN_PASSWORD);
    const stream = await openStream({ cookie });
    expect(stream.status).toBe(200);
    const stillOpen = await Promise.race([stream.ended.then(() => 'ended'), new Promise((r) => setTimeout(() => r('open'), 400))]);
    expect(stillOpen).toBe('open');
    await request(t.app.getHttpServer()).post('/api/v1/auth/logout').set('Cookie', cookie).set('X-CSRF-Token', csrf).expect(204);
    expect(await stream.ended).toBeGreaterThan(0);
  });

  it('closes after the API key is revoked', async () => {
    const key = await t.apiKey(['runs:read'], 'stream reader');
    const stream = await openStream({ authorization: `Bearer ${key}` });
    expect(stream.status).toBe(200);
    const keys = (await admin.get('/api/v1/api-keys')).body as { id: string; name: string }[];
    await admin.delete(`/api/v1/api-keys/${keys.find((k) => k.name === 'stream reader')!.id}`).expect(200);
    expect(await stream.ended).toBeGreaterThan(0);
  });

  it('closes after the user is deleted', async () => {
    const created = await admin.post('/api/v1/users').send({ email: 'leaver@test.local', password: 'leaver-password-1', role: 'ops' }).expect(201);
    const { cookie } = await sessionCookie('leaver@test.local', 'leaver-password-1');
    const stream = await openStream({ cookie });
    expect(stream.status).toBe(200);
    expect((await admin.delete(`/api/v1/users/${created.body.id}`)).status).toBeLessThan(300);
    expect(await stream.ended).toBeGreaterThan(0);
  });
});

describe('API keys: expiry and creators', () => {
  it('expire when chosen, name their creator, and stop with a deleted admin', async () => {
    const bad = await admin.post('/api/v1/api-keys').send({ name: 'x', scopes: ['runs:read'], expiresInDays: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0]).toMatchObject({ path: 'expiresInDays' });

    const created = await admin.post('/api/v1/api-keys').send({ name: 'quarterly export', scopes: ['runs:read'], expiresInDays: 90 });
    expect(created.status).toBe(201);
    const days = (Date.parse(created.body.expiresAt as string) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);
    expect(created.body.createdBy).toMatchObject({ email: ADMIN_EMAIL });
    const key = created.body.key as string;
    expect((await t.http.get('/api/v1/runs').set('Authorization', `Bearer ${key}`)).status).toBe(200);
    // ninety days later, written to the row as another replica would: refused once the verified-key
    // cache reads the row again (VERIFIED_KEY_TTL_MS)
    await t.app.get(DataSource).getRepository(ApiKeyEntity).update({ id: created.body.id as string }, { expiresAt: Date.now() - 1000 });
    const changedAt = Date.now();
    let expired = await t.http.get('/api/v1/runs').set('Authorization', `Bearer ${key}`);
    while (expired.status === 200 && Date.now() - changedAt < VERIFIED_KEY_TTL_MS + 5_000) {
      await new Promise((r) => setTimeout(r, 100));
      expired = await t.http.get('/api/v1/runs').set('Authorization', `Bearer ${key}`);
    }
    expect(expired.status).toBe(401);
    expect(expired.body.message).toBe('The API key is unknown, revoked or expired.');
    expect((await admin.post('/api/v1/api-keys').send({ name: 'forever', scopes: ['runs:read'] })).body.expiresAt).toBeNull();

    // a second admin makes a key, then is deleted: the key stops working, the list says so
    const other = await admin.post('/api/v1/users').send({ email: 'temp-admin@test.local', password: 'temp-admin-pw-1', role: 'admin' }).expect(201);
    const session = request.agent(t.app.getHttpServer());
    const login = await session.post('/api/v1/auth/login').send({ email: 'temp-admin@test.local', password: 'temp-admin-pw-1' });
    const theirs = await session.post('/api/v1/api-keys').set('X-CSRF-Token', login.body.csrfToken as string).send({ name: 'their key', scopes: ['runs:read'] });
    expect(theirs.body.createdBy).toMatchObject({ email: 'temp-admin@test.local' });
    expect((await t.http.get('/api/v1/runs').set('Authorization', `Bearer ${theirs.body.key as string}`)).status).toBe(200);
    expect((await admin.delete(`/api/v1/users/${other.body.id as string}`)).status).toBeLessThan(300);
    expect((await t.http.get('/api/v1/runs').set('Authorization', `Bearer ${theirs.body.key as string}`)).status).toBe(401);
    const listed = ((await admin.get('/api/v1/api-keys')).body as Array<{ name: string; revokedAt: string | null; createdBy: unknown }>).find((k) => k.name === 'their key');
    expect(listed).toMatchObject({ revokedAt: expect.any(String), createdBy: null });
  });
});
