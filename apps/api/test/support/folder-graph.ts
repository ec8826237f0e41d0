import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** One relative import that crosses folders: `from` (a file) imports `spec`, which lies in another folder. */
export interface FolderEdge {
  from: string;
  to: string;
  file: string;
  spec: string;
}

/** Files directly under the root (app.module.ts, main.ts...) form this pseudo-folder. */
export const ROOT_FOLDER = '(root)';

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Every relative import (import, import type, export … from, import(), require) between top-level
 * folders of `root`, read with TypeScript's own pre-processor so comments and strings never count.
 */
export function folderEdges(root: string): FolderEdge[] {
  const top = (file: string) => {
    const parts = relative(root, file).split(sep);
    return parts.length > 1 ? parts[0]! : ROOT_FOLDER;
  };
  const edges: FolderEdge[] = [];
  for (const file of tsFiles(root)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName: spec } of importedFiles) {
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec);
      if (relative(root, target).startsWith('..')) continue;
      const from = top(file);
      const to = top(target);
      if (from !== to) edges.push({ from, to, file: relative(root, file), spec });
    }
  }
  return edges;
}

/** Strongly connected components with more than one folder (Tarjan), each sorted, largest first. */
export function folderCycles(edges: readonly Pick<FolderEdge, 'from' | 'to'>[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, new Set());
    if (!next.has(to)) next.set(to, new Set());
    next.get(from)!.add(to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) components.push(component.sort());
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return components.sort((a, b) => b.length - a.length || a[0]!.localeCompare(b[0]!));
}

/** A readable report of one cycle: every import between its folders, grouped by direction. */
export function describeCycle(component: readonly string[], edges: readonly FolderEdge[]): string {
  const inside = new Set(component);
  const byPair = new Map<string, string[]>();
  for (const e of edges) {
    if (!inside.has(e.from) || !inside.has(e.to)) continue;
    const key = `${e.from} -> ${e.to}`;
    byPair.set(key, [...(byPair.get(key) ?? []), `${e.file} imports '${e.spec}'`]);
  }
  const loop = shortestLoop(component[0]!, edges.filter((e) => inside.has(e.from) && inside.has(e.to)));
  const lines = [...byPair.entries()].sort(([a], [b]) => a.localeCompare(b)).flatMap(([pair, why]) => [`  ${pair}`, ...why.map((w) => `      ${w}`)]);
  return [`cycle between ${component.join(', ')} (e.g. ${loop.join(' -> ')}):`, ...lines].join('\n');
}

/** The shortest way from `start` back to itself (breadth first), for the headline of a report. */
function shortestLoop(start: string, edges: readonly Pick<FolderEdge, 'from' | 'to'>[]): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const { from, to } of edges) {
      if (from !== v) continue;
      if (to === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(parent.get(path[0]!)!);
        return [...path, start];
      }
      if (!parent.has(to)) {
        parent.set(to, v);
        queue.push(to);
      }
    }
  }
  return [start];
}
