/**
 * Moflow's own export: `{format: "moflow-flow", version: 1, name, definition}` (older exports are the
 * bare definition). Importing it gives the flow back unchanged.
 */
import { validateFlow, type FlowDefinition } from '@moflow/flow-spec';
import { isRecord, str } from './names';
import type { ImportResult } from './types';

export const MOFLOW_EXPORT_FORMAT = 'moflow-flow';
export const MOFLOW_EXPORT_VERSION = 1;

export interface MoflowExport {
  format: typeof MOFLOW_EXPORT_FORMAT;
  version: typeof MOFLOW_EXPORT_VERSION;
  name: string;
  definition: FlowDefinition;
}

export function moflowExport(name: string, definition: FlowDefinition): MoflowExport {
  return { format: MOFLOW_EXPORT_FORMAT, version: MOFLOW_EXPORT_VERSION, name, definition };
}

export function isMoflow(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && (v['format'] === MOFLOW_EXPORT_FORMAT || ('specVersion' in v && Array.isArray(v['nodes'])));
}

export function importMoflow(doc: Record<string, unknown>): ImportResult {
  const wrapped = doc['format'] === MOFLOW_EXPORT_FORMAT;
  const definition = (wrapped ? doc['definition'] : doc) as FlowDefinition;
  const name = (wrapped ? str(doc['name'])?.trim() : undefined) || 'Imported Moflow flow';
  const report: ImportResult['report'] = [];
  if (wrapped && doc['version'] !== MOFLOW_EXPORT_VERSION)
    report.push({ flow: name, source: name, severity: 'warning', message: `export version ${JSON.stringify(doc['version'])} is not ${MOFLOW_EXPORT_VERSION}; the definition was read as it is.` });
  for (const p of validateFlow(definition).problems)
    report.push({ flow: name, source: name, severity: p.severity === 'error' ? 'error' : 'warning', message: `${p.message} (${p.code} at ${p.path || 'the flow'})`, ...(p.nodeId ? { nodeId: p.nodeId } : {}) });
  return { format: 'moflow', flows: [{ name, sourceName: name, definition }], report };
}
