import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app';

describe('health and bootstrap', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers /health/live without credentials', async () => {
    const res = await t.http.get('/health/live');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers /health/live in front of Express with the headers Express gives it (HEAD still goes through Nest)', async () => {
    const fast = await t.http.get('/health/live');
    const nest = await t.http.head('/health/live');
    expect(nest.status).toBe(200);
    const comparable = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([k]) => !['date', 'x-request-id', 'connection', 'keep-alive'].includes(k)));
    expect(comparable(fast.headers)).toEqual(comparable(nest.headers));
    expect(fast.headers['etag']).toMatch(/^W\/"f-/);
    expect(fast.text).toBe('{"status":"ok"}');
  });

  it('answers /health/ready after checking the database', async () => {
    const res = await t.http.get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: t.database });
  });

  it('echoes a given X-Request-Id and makes one up otherwise', async () => {
    const given = await t.http.get('/health/live').set('X-Request-Id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await t.http.get('/health/live');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('runs the migrations: the seeded admin can sign in', async () => {
    const admin = await t.loginAs('admin');
    const me = await admin.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: 'admin@test.local', role: 'admin' });
  });
});
