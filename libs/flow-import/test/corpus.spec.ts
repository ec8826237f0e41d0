/**
 * Every file of the third-party corpus imports with a report and no crash; every imported flow
 * validates (warnings allowed), every step is reachable from the trigger, every output that would
 * leave a contact stranded (a trigger's or a match case's, as `validateFlow` warns) is connected or
 * reported — a reply, wait timeout or lookup without a next step simply ends the run, as in the
 * source — and every construct that cannot be carried over is named in the report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeOutputs, validateFlow, type FlowDefinition } from '@moflow/flow-spec';
import { describe, expect, it } from 'vitest';
import { FlowImportError, importFlowsFromText, type ImportResult } from '../src';
import { corpusDir, corpusFiles, corpusSkipReason } from './support/corpus';

if (!corpusDir) console.warn(`skipped: ${corpusSkipReason}`);

const files = corpusFiles((n) => n.endsWith('.json') && !n.endsWith('.runs.json'));
/** Files that are not importable by design (see the corpus README): the error must say why. */
const refused: Record<string, RegExp> = { 'rapidpro/rapidpro-flows/unsupported-version.json': /version 6 is too old/ };

const studioSupported = new Set(['trigger', 'send-message', 'send-and-wait-for-reply', 'split-based-on', 'make-http-request', 'set-variables', 'send-to-flex']);
const rapidProSupported = new Set(['send_msg', 'set_contact_field', 'set_contact_name', 'set_run_result', 'add_contact_groups', 'remove_contact_groups', 'call_webhook', 'open_ticket',
  'reply', 'save', 'add_group', 'del_group', 'api', 'webhook']);

function reachableFromTrigger(def: FlowDefinition): Set<string> {
  const start = def.nodes.find((n) => n.type === 'trigger')!;
  const seen = new Set([start.id]);
  const queue = [start.id];
  while (queue.length) {
    const id = queue.shift()!;
    for (const e of def.edges) if (e.source === id && !seen.has(e.target)) { seen.add(e.target); queue.push(e.target); }
  }
  return seen;
}

/** Unsupported construct names in a source file: Studio widget types, RapidPro action types. */
function unsupportedNames(doc: Record<string, unknown>): { name: string; type: string }[] {
  const out: { name: string; type: string }[] = [];
  if (Array.isArray(doc['states'])) {
    for (const s of doc['states'] as { name: string; type: string }[]) if (!studioSupported.has(s.type)) out.push({ name: s.name, type: s.type });
    return out;
  }
  const flows = Array.isArray(doc['flows']) ? (doc['flows'] as Record<string, unknown>[]) : [doc];
  for (const f of flows) {
    const groups = [...((f['nodes'] as Record<string, unknown>[] | undefined) ?? []), ...((f['action_sets'] as Record<string, unknown>[] | undefined) ?? [])];
    for (const n of groups) for (const a of (n['actions'] as { type: string }[] | undefined) ?? []) if (!rapidProSupported.has(a.type)) out.push({ name: a.type, type: a.type });
  }
  return out;
}

describe.skipIf(!corpusDir)('third-party corpus (../shared/data/flow-imports)', () => {
  it('has files to import', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  for (const file of files) {
    it(`imports ${file}`, () => {
      const text = readFileSync(join(corpusDir!, file), 'utf8');
      let result: ImportResult;
      try {
        result = importFlowsFromText(text);
      } catch (e) {
        expect(e).toBeInstanceOf(FlowImportError);
        expect(refused[file], `${file} was refused: ${(e as Error).message}`).toBeDefined();
        expect((e as Error).message).toMatch(refused[file]!);
        return;
      }
      expect(refused[file], `${file} should have been refused`).toBeUndefined();
      expect(result.flows.length).toBeGreaterThan(0);
      for (const flow of result.flows) {
        const validation = validateFlow(flow.definition);
        expect(validation.problems.filter((p) => p.severity === 'error'), `${file} / ${flow.name}`).toEqual([]);
        const def = validation.definition!;
        const reached = reachableFromTrigger(def);
        expect(def.nodes.filter((n) => !reached.has(n.id)).map((n) => n.id)).toEqual([]);
        for (const node of def.nodes) {
          if (node.type !== 'trigger' && node.type !== 'match') continue;
          for (const out of nodeOutputs(node)) {
            if (out.id === 'other') continue;
            if (def.edges.some((e) => e.source === node.id && e.sourceHandle === out.id)) continue;
            expect(result.report.some((r) => r.nodeId === node.id && r.flow === flow.name), `${file}: ${node.id}.${out.id} unconnected and unreported`).toBe(true);
          }
        }
      }
      const report = JSON.stringify(result.report);
      for (const u of unsupportedNames(JSON.parse(text) as Record<string, unknown>)) {
        const named = result.report.some((r) => r.source === u.name || r.message.includes(u.name)) || report.includes(u.type);
        expect(named, `${file}: unsupported ${u.type} "${u.name}" is not in the report`).toBe(true);
      }
    });
  }
});
