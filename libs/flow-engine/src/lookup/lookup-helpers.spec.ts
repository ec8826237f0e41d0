import { describe, expect, it } from 'vitest';
import { HttpPortError } from '../ports';
import { parseBody } from './parse-body';
import { redactUrl } from './redact-url';
import { backoffDelay, isRetryable } from './retry-policy';

describe('redactUrl', () => {
  it('removes credentials, sensitive query values and literal secrets', () => {
    expect(redactUrl('https://bob:pw@api.example.com/a?api_key=123&q=ok&Token=z')).toBe('https://api.example.com/a?api_key=***&q=ok&Token=***');
    expect(redactUrl('https://api.example.com/v1/s3cr3tvalue/items', ['s3cr3tvalue'])).toBe('https://api.example.com/v1/***/items');
    expect(redactUrl('not a url with s3cr3t', ['s3cr3t'])).toBe('not a url with ***');
  });
});

describe('retry policy', () => {
  it('retries timeouts, network errors, 5xx and 429, never other 4xx', () => {
    expect([500, 502, 503, 429].map((status) => isRetryable({ status }))).toEqual([true, true, true, true]);
    expect([400, 401, 404, 409, 200].map((status) => isRetryable({ status }))).toEqual([false, false, false, false, false]);
    expect(isRetryable({ error: new HttpPortError('timeout', 't') })).toBe(true);
    expect(isRetryable({ error: new HttpPortError('network', 'n') })).toBe(true);
    expect(isRetryable({ error: new HttpPortError('too_large', 'big') })).toBe(false);
    expect(isRetryable({ error: new HttpPortError('refused', 'ssrf guard') })).toBe(false);
    expect(isRetryable({ error: new Error('other') })).toBe(false);
  });

  it('doubles the delay per retry, with half of it random', () => {
    expect([1, 2, 3].map((n) => backoffDelay(100, n, 0))).toEqual([50, 100, 200]);
    expect([1, 2, 3].map((n) => backoffDelay(100, n, 1))).toEqual([100, 200, 400]);
  });
});

describe('parseBody', () => {
  it('parses JSON by content type or shape, keeps anything else as text', () => {
    expect(parseBody('{"a":1}', { 'Content-Type': 'application/json' })).toEqual({ a: 1 });
    expect(parseBody('[1]', {})).toEqual([1]);
    expect(parseBody('{broken', { 'content-type': 'application/json' })).toBe('{broken');
    expect(parseBody('plain', {})).toBe('plain');
  });
});
