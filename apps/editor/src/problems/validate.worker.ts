/// <reference lib="webworker" />
// Validates drafts off the main thread: on a 1,000-step flow validation takes 100–500 ms, which on
// the main thread would land as a long frame in the middle of editing or dragging.
import type { FlowDefinition } from '@moflow/flow-spec';
import { validateDefinition } from '../utils/validate-definition';

self.onmessage = (e: MessageEvent<{ id: number; definition: FlowDefinition }>) => {
  self.postMessage({ id: e.data.id, problems: validateDefinition(e.data.definition) });
};
