/** Node executors keyed by `type`; each node file registers itself (goflow's action registry). */
import type { NodeType } from '@moflow/flow-spec';
import { FlowEngineError, FlowEngineErrorCode } from '../errors';
import type { NodeExecutor } from './node-executor';

const executors = new Map<string, NodeExecutor>();

export function registerNode<T extends NodeType>(executor: NodeExecutor<T>): void {
  if (executors.has(executor.type)) throw new Error(`node type "${executor.type}" is registered twice`);
  executors.set(executor.type, executor as unknown as NodeExecutor);
}

/** The executor for `type`; an unknown type is a clear error naming the known ones. */
export function nodeExecutor(type: string): NodeExecutor {
  const found = executors.get(type);
  if (!found)
    throw new FlowEngineError(
      FlowEngineErrorCode.UNKNOWN_NODE_TYPE,
      `unknown node type "${type}" (known: ${[...executors.keys()].join(', ')})`,
    );
  return found;
}

export function registeredNodeTypes(): string[] {
  return [...executors.keys()];
}
