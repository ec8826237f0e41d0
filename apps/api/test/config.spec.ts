import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app-setup';
import { ConfigError, parseConfig } from '../src/config/app-config';
import { resolveSecretKey } from '../src/config/secret-key';
import { createTestApp } from './support/test-app';

describe('configuration', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'moflow-config-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('applies the documented defaults', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ port: 3000, database: { type: 'sqlite', path: './data/moflow.db' }, redisUrl: undefined, pipeline: 'embedded', logLevel: 'info', secureCookies: false, seedDemo: true });
    expect(parseConfig({ MOFLOW_PIPELINE: 'off' }).pipeline).toBe('off');
    expect(() => parseConfig({ MOFLOW_PIPELINE: 'worker' })).toThrow('MOFLOW_PIPELINE: must be embedded or off (got "worker")');
    expect(parseConfig({ DATABASE_URL: 'postgres://u@h:5432/db', PUBLIC_URL: 'https://x.example' })).toMatchObject({
      database: { type: 'postgres', url: 'postgres://u@h:5432/db' }, secureCookies: true,
    });
  });

  it('names every wrong setting, hiding secret values', () => {
    let error: unknown;
    try {
      parseConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', MOFLOW_SECRET_KEY: 'tooshort', REDIS_URL: 'localhost:6379' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT: must be a number (got "abc")');
    expect(message).toMatch(/DATABASE_URL: must be sqlite:<path> or postgres/);
    expect(message).toMatch(/LOG_LEVEL: must be one of/);
    expect(message).toMatch(/MOFLOW_SECRET_KEY: must be 32 bytes.*\(value hidden\)/);
    expect(message).not.toContain('tooshort');
    expect(message).toMatch(/REDIS_URL/);
    expect((error as ConfigError).problems).toHaveLength(5);
  });

  it('stops start-up with a ConfigError before touching the database', async () => {
    await expect(createApp({ PORT: '70000', MOFLOW_DATA_DIR: tempDir() })).rejects.toThrow(/PORT: must be between 1 and 65535/);
  });

  it('stops start-up when the database cannot be opened, naming it', async () => {
    await expect(createTestApp({ env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing', DATABASE_SCHEMA: 'x' } })).rejects.toThrow(/ECONNREFUSED|connect/);
  });

  it('generates the secret key once in development and reuses it', () => {
    const dir = tempDir();
    const warnings: string[] = [];
    const first = resolveSecretKey(undefined, dir, (m) => warnings.push(m));
    const second = resolveSecretKey(undefined, dir, (m) => warnings.push(m));
    expect(first).toHaveLength(32);
    expect(second.equals(first)).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('MOFLOW_SECRET_KEY');
    expect(readFileSync(join(dir, 'secret.key'), 'utf8').trim()).toBe(first.toString('hex'));
    const configured = Buffer.alloc(32, 7);
    expect(resolveSecretKey(configured, dir, () => undefined)).toBe(configured);
  });
});
