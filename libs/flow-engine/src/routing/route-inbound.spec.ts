import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeInbound, type RouteDecision, type RouteInput } from './route-inbound';

interface Case { name: string; input: Partial<RouteInput>; expect: Partial<RouteDecision> }

// Fixtures like the nodes': one JSON file of input → expected decision, readable without the code.
const cases = JSON.parse(readFileSync(join(__dirname, '../../test/routing/route-inbound.json'), 'utf8')) as Case[];
const base: RouteInput = { compliance: null, optedOut: false, waiting: null, keyword: null, catchAll: false };

describe('routeInbound', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(routeInbound({ ...base, ...c.input })).toMatchObject(c.expect);
  });

  it('covers every rule in the fixtures', () => {
    const rules = new Set(cases.map((c) => c.expect.rule));
    for (const rule of ['opt_out', 'opt_in', 'help', 'waiting_session', 'collecting', 'keyword', 'catch_all', 'unhandled']) expect(rules).toContain(rule);
  });
});
