import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeCycle, folderCycles, folderEdges } from './support/folder-graph';

const SRC = join(__dirname, '..', 'src');

describe('folders of apps/api/src', () => {
  it('import each other without cycles (a cycle means a seam is missing: move the shared piece down or invert the dependency)', () => {
    const edges = folderEdges(SRC);
    const report = folderCycles(edges).map((c) => describeCycle(c, edges));
    expect(report, `\n${report.join('\n\n')}`).toEqual([]);
  });

  it('reads the imports it has to: runs uses the pipeline, the pipeline uses the outbox', () => {
    const pairs = new Set(folderEdges(SRC).map((e) => `${e.from} -> ${e.to}`));
    expect(pairs).toContain('runs -> pipeline');
    expect(pairs).toContain('pipeline -> outbox');
  });
});

describe('folderCycles', () => {
  it('finds a long cycle and a pair, and leaves a chain alone', () => {
    const e = (from: string, to: string) => ({ from, to });
    const cycles = folderCycles([e('a', 'b'), e('b', 'c'), e('c', 'a'), e('c', 'd'), e('d', 'e'), e('x', 'y'), e('y', 'x'), e('e', 'f')]);
    expect(cycles).toEqual([['a', 'b', 'c'], ['x', 'y']]);
    expect(folderCycles([e('a', 'b'), e('b', 'c'), e('a', 'c')])).toEqual([]);
  });

  it('names the imports that close a cycle', () => {
    const edges = [
      { from: 'runs', to: 'pipeline', file: 'runs/run.service.ts', spec: '../pipeline/turn-pump' },
      { from: 'pipeline', to: 'runs', file: 'pipeline/pipeline.service.ts', spec: '../runs/run.mapper' },
    ];
    expect(describeCycle(['pipeline', 'runs'], edges)).toBe([
      'cycle between pipeline, runs (e.g. pipeline -> runs -> pipeline):',
      '  pipeline -> runs',
      "      pipeline/pipeline.service.ts imports '../runs/run.mapper'",
      '  runs -> pipeline',
      "      runs/run.service.ts imports '../pipeline/turn-pump'",
    ].join('\n'));
  });
});
