// Importing a node file registers its executor; this list is the set of node types the engine runs.
import './trigger';
import './match';
import './lookup';
import './ticket';
import './reply';
import './wait';
import './set';
import './subscribe';
import './end';

export { nodeExecutor, registeredNodeTypes, registerNode } from './registry';
export type { NodeContext, NodeEvent, NodeExecutor, NodeOutcome } from './node-executor';
export { describeTrigger } from './trigger';
