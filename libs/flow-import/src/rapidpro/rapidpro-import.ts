/**
 * RapidPro / TextIt exports: `{version, flows[], triggers[], ...}` (spec 13+ or legacy flows inside),
 * a bare flow of either kind, or an API definitions response. Keyword triggers become the keywords
 * of the imported flow's trigger.
 */
import { isRecord, str } from '../names';
import { FlowImportError, type ImportedFlow, type ReportItem } from '../types';
import { importRapidProFlow, type FlowTrigger } from './rapidpro-flow';
import { readLegacy, readSpec13 } from './rapidpro-model';

const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter(isRecord) : []);

export function isLegacyFlow(v: unknown): boolean {
  return isRecord(v) && (Array.isArray(v['action_sets']) || Array.isArray(v['rule_sets']));
}

export function isSpec13Flow(v: unknown): boolean {
  return isRecord(v) && Array.isArray(v['nodes']) && ('spec_version' in v || 'uuid' in v) && !('specVersion' in v);
}

export function isRapidPro(v: unknown): v is Record<string, unknown> {
  if (!isRecord(v)) return false;
  if (isLegacyFlow(v) || isSpec13Flow(v)) return true;
  if (isRecord(v['definition']) && isLegacyFlow(v['definition'])) return true;
  return Array.isArray(v['flows']) && (v['flows'].length === 0 ? 'version' in v : v['flows'].some((f) => isLegacyFlow(f) || isSpec13Flow(f)));
}

function triggersByFlow(exportDoc: Record<string, unknown>): Map<string, FlowTrigger & { other: string[] }> {
  const out = new Map<string, FlowTrigger & { other: string[] }>();
  for (const t of arr(exportDoc['triggers'])) {
    const flow = isRecord(t['flow']) ? str(t['flow']['uuid']) ?? str(t['flow']['name']) : undefined;
    if (!flow) continue;
    const entry = out.get(flow) ?? { keywords: [], match: 'first_word', catchAll: false, other: [] };
    const type = str(t['trigger_type']) ?? '';
    const words = [str(t['keyword']), ...(Array.isArray(t['keywords']) ? t['keywords'].map(str) : [])].filter((k): k is string => !!k);
    if (type === 'K') {
      entry.keywords.push(...words.filter((k) => !entry.keywords.includes(k)));
      if (str(t['match_type']) === 'O') entry.match = 'only_word';
    } else if (type === 'C') entry.catchAll = true;
    else entry.other.push(type);
    out.set(flow, entry);
  }
  return out;
}

const triggerNames: Record<string, string> = { M: 'missed call', N: 'new conversation', R: 'referral', V: 'inbound call', S: 'schedule', T: 'ticket', P: 'opt-in', Q: 'opt-out', X: 'closed ticket' };

export function importRapidPro(doc: Record<string, unknown>): { flows: ImportedFlow[]; report: ReportItem[] } {
  if (isRecord(doc['definition']) && typeof doc['version'] === 'number' && doc['version'] < 7) {
    throw new FlowImportError('unsupported_version', `RapidPro flow version ${doc['version']} is too old to import: export it again from RapidPro/TextIt (flow spec 7 or later).`);
  }
  const rawFlows = Array.isArray(doc['flows']) ? arr(doc['flows']) : [doc];
  const triggers = triggersByFlow(doc);
  const flows: ImportedFlow[] = [];
  const report: ReportItem[] = [];
  for (const raw of rawFlows) {
    const version = Number(raw['version'] ?? doc['version']);
    if (isLegacyFlow(raw) && Number.isFinite(version) && version < 7)
      throw new FlowImportError('unsupported_version', `RapidPro flow version ${version} is too old to import (flow spec 7 or later).`);
    const flow = isLegacyFlow(raw) ? readLegacy(raw) : readSpec13(raw);
    const t = triggers.get(flow.uuid) ?? triggers.get(flow.name) ?? { keywords: [], match: 'first_word' as const, catchAll: false, other: [] };
    const result = importRapidProFlow(flow, t, JSON.stringify(raw));
    if (isLegacyFlow(raw) && raw['version'] === undefined && doc['version'] === undefined)
      report.push({ flow: flow.name, source: flow.name, severity: 'info', message: 'the export has no version: read as a legacy flow (action_sets / rule_sets).' });
    for (const o of t.other) report.push({ flow: flow.name, source: 'Trigger', severity: 'warning', message: `the ${triggerNames[o] ?? o} trigger is not carried over: Moflow starts flows by keyword, catch-all or REST.` });
    flows.push(result.flow);
    report.push(...result.report);
  }
  if (!rawFlows.length) throw new FlowImportError('unreadable', 'the RapidPro export has no flows: expected "flows" with at least one flow.');
  return { flows, report };
}
