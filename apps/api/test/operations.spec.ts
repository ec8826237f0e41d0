import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskPhones } from '../src/logging/mask-phones';
import { SecretBox } from '../src/config/secret-box.service';
import { createTestApp, type TestApp } from './support/test-app';

const METRICS_TOKEN = 'scrape-token-0123456789';

describe('operations surface: OpenAPI, metrics, logs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { METRICS_TOKEN } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves the OpenAPI document with the flow routes, DTO schemas and the flow JSON Schema', async () => {
    const res = await t.http.get('/api/docs-json');
    expect(res.status).toBe(200);
    const doc = res.body as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/flows', '/api/v1/flows/{id}/publish', '/api/v1/auth/login', '/health/ready', '/metrics']));
    // The live streams, as event streams.
    for (const stream of ['/api/v1/runs/stream', '/api/v1/tickets/stream', '/api/v1/messages/stream']) {
      expect(doc.paths[stream]?.['get'], stream).toMatchObject({ responses: { 200: { content: { 'text/event-stream': {} } } } });
    }
    expect(doc.components.schemas.FlowDefinition?.properties).toHaveProperty('nodes');
    expect(doc.components.schemas.UpdateFlowDto?.properties).toHaveProperty('baseRevision');
    const ui = await t.http.get('/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('exposes Prometheus metrics to admins and the METRICS_TOKEN bearer only, with HTTP latency by route', async () => {
    await t.http.get('/health/live');
    expect((await t.http.get('/metrics')).status).toBe(401);
    expect((await t.http.get('/metrics').set('Authorization', 'Bearer wrong-token-000000000')).status).toBe(401);
    expect((await (await t.loginAs('editor')).get('/metrics')).status).toBe(403);
    const scraped = await t.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
    expect(scraped.status).toBe(200);
    expect(scraped.headers['content-type']).toContain('text/plain');
    expect(scraped.text).toMatch(/moflow_http_request_duration_seconds_count\{method="GET",route="\/health\/live",status="200"\} [1-9]/);
    expect(scraped.text).toContain('moflow_runs_total');
    expect(scraped.text).toContain('moflow_queue_depth');
    expect((await (await t.loginAs('admin')).get('/metrics')).status).toBe(200);
  });

  it('masks phone numbers in log lines', () => {
    expect(maskPhones('from +447911123456 to +1 555 010 0100')).toBe('from +4479******56 to +1555*****00');
    expect(maskPhones('{"time":1732605097000,"port":3000}')).toBe('{"time":1732605097000,"port":3000}');
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => { lines.push(String(chunk)); done(); } });
    const logger = pino({ hooks: { streamWrite: maskPhones } }, sink);
    logger.info({ message: { from: '+447911123456' } }, 'inbound from +447911123456');
    expect(lines.join('')).not.toContain('447911123456');
    expect(lines.join('')).toContain('+4479******56');
  });

  it('seals secrets with AES-256-GCM and detects tampering', () => {
    const box = t.app.get(SecretBox);
    const sealed = box.sealJson({ token: 'abc' });
    expect(sealed).not.toContain('abc');
    expect(box.openJson(sealed)).toEqual({ token: 'abc' });
    expect(box.seal('abc')).not.toBe(box.seal('abc'));
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
  });
});
