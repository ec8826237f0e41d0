/**
 * The REST trigger for API keys is served in front of Express/Nest (src/runs/fast-trigger.ts): it
 * must answer exactly as the Nest route does — status, body, headers, refusals in the same order —
 * and hand everything it does not fully handle (sessions, other content types and charsets, ids
 * that are not UUIDs) to Express. Each case is asked twice: with an API key (the fast path) and with
 * an editor's session (Nest), and the answers compared.
 */
import type { ExecuteFlowResponse } from '@moflow/api-contract';
import type { Response } from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuthGuard } from '../../src/auth/auth.guard';
import { createTestApp, type Agent, type TestApp } from '../support/test-app';
import { echoFlow, publishFlow } from './run-fixtures';

let t: TestApp;
let flowId: string;
let key: string;
let editor: Agent;
let phone = 5_550_300;

beforeAll(async () => {
  t = await createTestApp({ env: { BODY_LIMIT: '16kb', BODY_MAX_DEPTH: '8' } });
  flowId = await publishFlow(t, 'Fast', echoFlow('FAST'));
  key = await t.apiKey(['flows:execute']);
  editor = await t.loginAs('editor');
});
afterAll(() => t?.close());
afterEach(() => vi.restoreAllMocks());

const path = (id = flowId) => `/api/v1/flows/${id}/executions`;
const next = () => `+1415${++phone}`;

/** The same raw request with the key (fast path) and with the editor's session (Nest). */
async function both(body: string, headers: Record<string, string> = {}, id = flowId): Promise<{ fast: Response; nest: Response }> {
  const guard = vi.spyOn(AuthGuard.prototype, 'canActivate');
  guard.mockClear();
  const fast = await t.http.post(path(id)).set({ 'Content-Type': 'application/json', Authorization: `Bearer ${key}`, ...headers }).send(body);
  expect(guard, 'the API-key request went through Nest instead of the fast path').not.toHaveBeenCalled();
  // body-parser's refusals answer before Nest's guard; everything else passes it
  const nest = await editor.post(path(id)).set({ 'Content-Type': 'application/json', ...headers }).send(body);
  return { fast, nest };
}

const HOP_BY_HOP = new Set(['date', 'connection', 'keep-alive', 'x-request-id', 'set-cookie']);
const headersOf = (res: Response) => Object.fromEntries(Object.entries(res.headers as Record<string, string>).filter(([k]) => !HOP_BY_HOP.has(k)));

describe('the REST trigger fast path', () => {
  it('refuses bad requests exactly as Nest does: status, body with problem paths, headers', async () => {
    const cases: Array<[string, string, Record<string, string>?]> = [
      ['not a phone number', JSON.stringify({ to: 'not a number' })],
      ['a short code', JSON.stringify({ to: '12345' })],
      ['no body fields', JSON.stringify({ parameters: {} })],
      ['an empty body', ''],
      ['parameters not an object', JSON.stringify({ to: next(), parameters: 'x' })],
      ['a field the DTO does not know', JSON.stringify({ to: next(), priority: 'high' })],
      ['wrong types', JSON.stringify({ to: 5, channelId: 7 })],
      ['an array', JSON.stringify([{ to: next() }])],
      ['a channel that does not exist', JSON.stringify({ to: next(), channelId: 'nope' })],
      ['malformed JSON', '{"to": '],
      ['a JSON scalar', '"+14155550100"'],
      ['nesting deeper than BODY_MAX_DEPTH', JSON.stringify({ to: next(), parameters: { a: { b: { c: { d: { e: { f: { g: { h: 1 } } } } } } } } })],
      ['a body over BODY_LIMIT', JSON.stringify({ to: next(), parameters: { pad: 'x'.repeat(20_000) } })],
      ['an empty Idempotency-Key', JSON.stringify({ to: next() }), { 'Idempotency-Key': '' }],
      ['an Idempotency-Key over 200 characters', JSON.stringify({ to: next() }), { 'Idempotency-Key': 'k'.repeat(201) }],
    ];
    for (const [what, body, headers] of cases) {
      const { fast, nest } = await both(body, headers);
      expect(fast.status, what).toBeGreaterThanOrEqual(400);
      expect({ status: fast.status, body: fast.body }, what).toEqual({ status: nest.status, body: nest.body });
      expect(headersOf(fast), what).toEqual(headersOf(nest));
    }
    const { fast } = await both(JSON.stringify({ to: 5, channelId: 7, extra: true }));
    expect(new Set(fast.body.problems.map((p: { path: string }) => p.path))).toEqual(new Set(['channelId', 'extra', 'to']));
  });

  it('refuses flows that cannot run as Nest does (404 unknown, 409 rest: false)', async () => {
    const unknown = await both(JSON.stringify({ to: next() }), {}, '00000000-0000-4000-8000-000000000000');
    expect(unknown.fast.status).toBe(404);
    expect(unknown.fast.body).toEqual(unknown.nest.body);
    const noRest = await publishFlow(t, 'Fast no REST', echoFlow('FASTNO', { rest: false }));
    const refused = await both(JSON.stringify({ to: next() }), {}, noRest);
    expect(refused.fast.status).toBe(409);
    expect(refused.fast.body).toEqual(refused.nest.body);
  });

  it('starts a run with the same answer and headers as Nest, echoing the request id and timing the route', async () => {
    const guard = vi.spyOn(AuthGuard.prototype, 'canActivate');
    guard.mockClear();
    const fast = await t.http.post(path()).set({ Authorization: `Bearer ${key}`, 'X-Request-Id': 'rest-probe-1' }).send({ to: next(), parameters: { name: 'Ada' } });
    expect(guard).not.toHaveBeenCalled();
    expect(fast.status).toBe(201);
    expect(fast.headers['x-request-id']).toBe('rest-probe-1');
    expect(fast.body).toEqual({ runId: expect.any(String), status: 'waiting', flowId, flowVersion: 1 });
    const nest = await editor.post(path()).send({ to: next(), parameters: { name: 'Ada' } });
    expect(nest.status).toBe(201);
    const names = (r: Response) => Object.keys(headersOf(r)).sort();
    expect(names(fast)).toEqual(names(nest));
    const { etag: _e1, 'content-length': _l1, ...fastFixed } = headersOf(fast);
    const { etag: _e2, 'content-length': _l2, ...nestFixed } = headersOf(nest);
    expect(fastFixed).toEqual(nestFixed);
    expect(fast.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(fast.headers.etag).toMatch(/^W\/"[0-9a-f]+-[\w+/]{27}"$/);
    const metrics = (await (await t.loginAs('admin')).get('/metrics')).text;
    expect(metrics).toMatch(/moflow_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/flows\/:id\/executions",status="201"\} [2-9]/);
  });

  it('refuses keys as the guard does: unknown, revoked (at once), lacking the scope, not a key', async () => {
    const post = (bearer: string) => t.http.post(path()).set('Authorization', `Bearer ${bearer}`).send({ to: next() });
    const unknown = await post('mfk_not-a-key-anyone-issued');
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ code: 'UNAUTHENTICATED', message: 'The API key is unknown, revoked or expired.' });
    const other = await post('some-other-token');
    expect(other.status).toBe(401);
    expect(other.body.message).toBe('The bearer token is not valid here.');
    const readOnly = await t.apiKey(['runs:read']);
    const denied = await post(readOnly);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ code: 'FORBIDDEN_SCOPE', message: 'This API key lacks the scope flows:execute.' });
    // the guard refuses before validation and before the flow is looked up
    const unauthorisedBadBody = await t.http.post(path('00000000-0000-4000-8000-000000000000')).set('Authorization', `Bearer ${readOnly}`).send({ to: 'x' });
    expect(unauthorisedBadBody.status).toBe(403);

    const admin = await t.loginAs('admin');
    const created = await admin.post('/api/v1/api-keys').send({ name: 'soon revoked', scopes: ['flows:execute'] });
    const doomed = created.body.key as string;
    expect((await post(doomed)).status).toBe(201);
    expect((await admin.delete(`/api/v1/api-keys/${created.body.id as string}`)).status).toBe(200);
    const revoked = await post(doomed);
    expect(revoked.status).toBe(401);
    expect(revoked.body.message).toBe('The API key is unknown, revoked or expired.');
  });

  it('replays an Idempotency-Key: the first run, once, and refuses the key with another body', async () => {
    const body = { to: next(), parameters: { order: 7 } };
    const send = (b: object) => t.http.post(path()).set({ Authorization: `Bearer ${key}`, 'Idempotency-Key': 'fast-order-7' }).send(b);
    const [first, concurrent] = await Promise.all([send(body), send(body)]);
    const later = await send({ parameters: { order: 7 }, to: body.to });
    expect([first.status, concurrent.status, later.status]).toEqual([201, 201, 201]);
    const runId = (first.body as ExecuteFlowResponse).runId;
    expect((concurrent.body as ExecuteFlowResponse).runId).toBe(runId);
    expect((later.body as ExecuteFlowResponse).runId).toBe(runId);
    const other = await send({ ...body, parameters: { order: 8 } });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', details: { idempotencyKey: 'fast-order-7', runId } });
  });

  it('hands to Express what it does not fully handle: other charsets, text bodies, ids that are not UUIDs', async () => {
    const guard = vi.spyOn(AuthGuard.prototype, 'canActivate');
    guard.mockClear();
    const bearer = { Authorization: `Bearer ${key}` };
    const latin1 = await t.http.post(path()).set({ ...bearer, 'Content-Type': 'application/json; charset=latin1' }).send(JSON.stringify({ to: next() }));
    expect(latin1.status).toBe(415);
    const notUuid = await t.http.post(path('not-a-flow')).set(bearer).send({ to: next() });
    expect(notUuid.status).toBe(404);
    expect(notUuid.body.code).toBe('FLOW_NOT_FOUND');
    expect(guard).toHaveBeenCalledTimes(1);
    const text = await t.http.post(path()).set({ ...bearer, 'Content-Type': 'text/plain' }).send(JSON.stringify({ to: next() }));
    expect(text.status).toBe(400);
    expect(guard).toHaveBeenCalledTimes(2);
  });
});
