import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { afterAll, describe, expect, it } from 'vitest';
import { dbTargets, openTarget } from '../../test/support/db-targets';
import { RunEntity } from '../runs';
import { reserveRunSeqs } from './run-seq';

const dir = mkdtempSync(join(tmpdir(), 'moflow-run-seq-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const targets = dbTargets('run_seq', dir);

const run = (id: string): RunEntity => ({
  id, flowId: 'f1', flowName: 'F', flowVersion: 1, status: 'waiting', contactId: 'c1', contactPhone: '+15550001', channelId: null,
  trigger: {}, state: {}, currentNodeId: null, error: null, waitDeadline: null, startedAt: 1, updatedAt: 1, endedAt: null, nextSeq: 0,
});

describe.each(targets)('reserveRunSeqs on %s', (_kind, options) => {
  it('hands out disjoint ranges per run in one statement and skips unknown runs', async () => {
    const { ds, close } = await openTarget(options());
    try {
      // JSON columns: TypeORM's insert type recurses into them (see common/typeorm-rows.ts).
      await ds.getRepository(RunEntity).insert([run('a'), run('b')] as QueryDeepPartialEntity<RunEntity>[]);
      const first = await ds.transaction((m) => reserveRunSeqs(m, new Map([['a', 3], ['b', 1], ['missing', 2]])));
      expect(Object.fromEntries(first)).toEqual({ a: 0, b: 0 });
      const second = await ds.transaction((m) => reserveRunSeqs(m, new Map([['a', 2], ['b', 0]])));
      expect(Object.fromEntries(second)).toEqual({ a: 3 });
      const rows = await ds.getRepository(RunEntity).find({ order: { id: 'ASC' } });
      expect(rows.map((r) => [r.id, r.nextSeq])).toEqual([['a', 5], ['b', 1]]);
    } finally {
      await close();
    }
  });
});
