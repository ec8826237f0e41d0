/**
 * Engine errors carry a code (for hosts to map) and a message that names what and where. Run-time
 * problems never escape `start`/`resume`: they become `run_failed` events. Only host misuse (resuming
 * a run that is not waiting) is thrown, as a FlowEngineError.
 */
export enum FlowEngineErrorCode {
  RUN_NOT_WAITING = 'RUN_NOT_WAITING',
  UNKNOWN_NODE_TYPE = 'UNKNOWN_NODE_TYPE',
  NODE_NOT_FOUND = 'NODE_NOT_FOUND',
  NO_TRIGGER = 'NO_TRIGGER',
  EXPRESSION_FAILED = 'EXPRESSION_FAILED',
  TEMPLATE_FAILED = 'TEMPLATE_FAILED',
  STEP_LIMIT = 'STEP_LIMIT',
  PORT_NOT_CONFIGURED = 'PORT_NOT_CONFIGURED',
  INVALID_VALUE = 'INVALID_VALUE',
}

export class FlowEngineError extends Error {
  constructor(
    readonly code: FlowEngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FlowEngineError';
  }
}

/** Message of anything thrown: jsonata throws plain objects with `message`, ports throw Errors. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string') return err.message;
  return String(err);
}
