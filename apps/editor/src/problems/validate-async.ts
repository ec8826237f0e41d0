import type { ProblemDto } from '@moflow/api-contract';
import type { FlowDefinition } from '@moflow/flow-spec';
import { validateDefinition } from '../utils/validate-definition';

let worker: Worker | null | undefined;
let seq = 0;
const pending = new Map<number, (problems: ProblemDto[]) => void>();

function theWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = typeof Worker === 'undefined' ? null : new Worker(new URL('./validate.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    worker = null;
  }
  if (worker) {
    worker.onmessage = (e: MessageEvent<{ id: number; problems: ProblemDto[] }>) => {
      pending.get(e.data.id)?.(e.data.problems);
      pending.delete(e.data.id);
    };
    // A worker that cannot start (blocked, failed to load): validate on the main thread instead.
    worker.onerror = () => {
      worker = null;
      for (const [id, resolve] of pending) { pending.delete(id); resolve([]); }
    };
  }
  return worker;
}

/**
 * The draft's problems (the same validateFlow the server runs), computed in a worker when the
 * browser has one, else right here. Answers in the order asked.
 */
export function validateAsync(definition: FlowDefinition): Promise<ProblemDto[]> {
  const w = theWorker();
  if (!w) return Promise.resolve(validateDefinition(definition));
  const id = ++seq;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    w.postMessage({ id, definition });
  });
}
