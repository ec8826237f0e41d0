import type { FlowDefinition } from '@moflow/flow-spec';

export const importFormats = ['twilio-studio', 'rapidpro', 'moflow'] as const;
export type ImportFormat = (typeof importFormats)[number];

export type ReportSeverity = 'info' | 'warning' | 'error';

/** One line of the import report: which flow, which source item (widget name, node label or uuid), what happened. */
export interface ReportItem {
  flow: string;
  source: string;
  severity: ReportSeverity;
  message: string;
  /** The Moflow step the item is about, when there is one. */
  nodeId?: string;
}

export interface ImportedFlow {
  /** The Moflow flow name. */
  name: string;
  /** The source's own name (Studio description, RapidPro flow name). */
  sourceName: string;
  definition: FlowDefinition;
}

export interface ImportResult {
  format: ImportFormat;
  flows: ImportedFlow[];
  report: ReportItem[];
}

export type FlowImportErrorCode = 'unreadable' | 'unknown_format' | 'unsupported_version';

/** The whole file cannot be imported: not JSON, no known format, or a format version we cannot read. */
export class FlowImportError extends Error {
  constructor(
    readonly code: FlowImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FlowImportError';
  }
}
