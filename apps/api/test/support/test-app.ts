import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ApiKeyScope, Role } from '@moflow/api-contract';
import { Client } from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApp } from '../../src/app-setup';
import { ApiKeysService } from '../../src/auth/api-keys.service';
import { UsersService } from '../../src/auth/users.service';
import type { AppConfig } from '../../src/config/app-config';

export const ADMIN_EMAIL = 'admin@test.local';
export const ADMIN_PASSWORD = 'admin-password-123';
export const TEST_SECRET_KEY = '11'.repeat(32);

export type Agent = TestAgent;
/** A client without a cookie jar: every request carries only what the test sets. */
export type Http = ReturnType<typeof request>;

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  /** No credentials at all (no cookie jar either). */
  http: Http;
  /** A signed-in agent (cookie jar + X-CSRF-Token preset) for a user of that role; cached per role. */
  loginAs(role: Role): Promise<Agent>;
  /** A fresh API key with these scopes (the secret, `mfk_...`). */
  apiKey(scopes: ApiKeyScope[], name?: string): Promise<string>;
  /** Which database this app runs on, for test names. */
  database: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra environment (wins over the harness defaults). */
  env?: Record<string, string>;
}

/**
 * Boots the real AppModule (migrations, seed, guards, filters) on a fresh database: a temp SQLite
 * file, or — when DATABASE_URL is postgres — a fresh schema dropped again by close().
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'moflow-api-test-'));
  const pgUrl = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined;
  const schema = pgUrl ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const env: Record<string, string> = {
    DATABASE_URL: pgUrl ?? `sqlite:${join(dataDir, 'moflow.db')}`,
    ...(schema ? { DATABASE_SCHEMA: schema } : {}),
    MOFLOW_DATA_DIR: dataDir,
    MOFLOW_ADMIN_EMAIL: ADMIN_EMAIL,
    MOFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD,
    MOFLOW_SECRET_KEY: TEST_SECRET_KEY,
    MOFLOW_SEED_DEMO: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  };
  const cleanup = async () => {
    if (pgUrl && schema) await dropSchema(pgUrl, schema);
    rmSync(dataDir, { recursive: true, force: true });
  };
  let created;
  try {
    created = await createApp(env);
  } catch (error) {
    await cleanup();
    throw error;
  }
  const { app, config } = created;
  const server = app.getHttpServer();
  const agents = new Map<Role, Agent>();
  let userCounter = 0;

  const loginAs = async (role: Role): Promise<Agent> => {
    const cached = agents.get(role);
    if (cached) return cached;
    let email = ADMIN_EMAIL;
    let password = ADMIN_PASSWORD;
    if (role !== 'admin') {
      email = `${role}-${++userCounter}@test.local`;
      password = `${role}-password-123`;
      await app.get(UsersService).create({ email, password, name: `Test ${role}`, role });
    }
    const agent = request.agent(server);
    const res = await agent.post('/api/v1/auth/login').send({ email, password });
    if (res.status !== 200) throw new Error(`login as ${role} failed: ${res.status} ${JSON.stringify(res.body)}`);
    agent.set('X-CSRF-Token', (res.body as { csrfToken: string }).csrfToken);
    agents.set(role, agent);
    return agent;
  };

  return {
    app,
    config,
    http: request(server),
    loginAs,
    apiKey: async (scopes, name = 'test key') => (await app.get(ApiKeysService).create(name, scopes, null)).key,
    database: config.database.type,
    close: async () => {
      await app.close();
      await cleanup();
    },
  };
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
