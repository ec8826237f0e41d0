/** The importer's entry point: detect the format of a parsed export and map every flow in it. */
import { importMoflow, isMoflow } from './moflow-format';
import { isRecord } from './names';
import { importRapidPro, isRapidPro } from './rapidpro/rapidpro-import';
import { importStudio, isStudio } from './studio/studio-import';
import { FlowImportError, type ImportFormat, type ImportResult } from './types';

export const KNOWN_FORMATS_TEXT =
  'a Twilio Studio flow definition ({description, states[], initial_state}), a RapidPro/TextIt export ({version, flows[]} with nodes or action_sets/rule_sets) or a Moflow flow export ({format: "moflow-flow", definition})';

export function detectFormat(doc: unknown): ImportFormat | null {
  if (isStudio(doc)) return 'twilio-studio';
  if (isRapidPro(doc)) return 'rapidpro';
  if (isMoflow(doc)) return 'moflow';
  return null;
}

/** Import a parsed export. Throws FlowImportError when the document is not an object or in no known format. */
export function importFlows(doc: unknown): ImportResult {
  if (!isRecord(doc)) {
    throw new FlowImportError('unreadable', `expected a JSON object (the exported flow file), got ${Array.isArray(doc) ? 'an array' : doc === null ? 'null' : typeof doc}`);
  }
  const format = detectFormat(doc);
  if (format === 'twilio-studio') {
    const r = importStudio(doc);
    return { format, flows: [r.flow], report: r.report };
  }
  if (format === 'rapidpro') return { format, ...importRapidPro(doc) };
  if (format === 'moflow') return importMoflow(doc);
  throw new FlowImportError('unknown_format', `this JSON is in no format Moflow imports: expected ${KNOWN_FORMATS_TEXT}.`);
}

/** Import the text of an export file: unreadable JSON is a FlowImportError saying what was expected. */
export function importFlowsFromText(text: string): ImportResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new FlowImportError('unreadable', `the file is not valid JSON (${(e as Error).message}): expected the JSON export of a Twilio Studio flow or a RapidPro/TextIt workspace`);
  }
  return importFlows(doc);
}
