/**
 * The third-party corpus lives outside the project (licences kept there; never copied in):
 * `../shared/data/flow-imports` next to the main checkout. From a git worktree under /work/wt the
 * same folder is one level further up. MOFLOW_FLOW_IMPORTS_DIR overrides both.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../../..');

export const corpusDir: string | null = [
  process.env['MOFLOW_FLOW_IMPORTS_DIR'],
  resolve(repoRoot, '../shared/data/flow-imports'),
  resolve(repoRoot, '../../shared/data/flow-imports'),
].find((d): d is string => !!d && existsSync(d)) ?? null;

export const corpusSkipReason = `flow-import corpus not found (looked for ../shared/data/flow-imports from ${repoRoot}; set MOFLOW_FLOW_IMPORTS_DIR)`;

export function corpusFiles(filter: (name: string) => boolean): string[] {
  if (!corpusDir) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (filter(name)) out.push(relative(corpusDir!, p));
    }
  };
  walk(corpusDir);
  return out;
}
