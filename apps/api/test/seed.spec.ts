import type { FlowSummaryDto } from '@moflow/api-contract';
import { ChannelEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app';

describe('first-start seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { MOFLOW_SEED_DEMO: 'true' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('seeds a simulator channel and the JOIN demo flow published as version 1', async () => {
    const channels = await t.app.get(DataSource).getRepository(ChannelEntity).find();
    expect(channels).toHaveLength(1);
    expect(channels[0]).toMatchObject({ provider: 'simulator' });
    const admin = await t.loginAs('admin');
    const flows = (await admin.get('/api/v1/flows')).body as FlowSummaryDto[];
    expect(flows).toHaveLength(1);
    expect(flows[0]).toMatchObject({ status: 'published', publishedVersion: 1, hasUnpublishedChanges: false });
    expect(flows[0]!.keywords).toContain('JOIN');
    expect(flows[0]!.updatedBy?.email).toBe('admin@test.local');
  });
});
