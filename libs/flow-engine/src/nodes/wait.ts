import type { NodeEvent } from './node-executor';
import { registerNode } from './registry';
import { checkName } from './var-names';

registerNode({
  type: 'wait',
  async execute(node, ctx) {
    const { timeoutSeconds, collectSeconds } = node.config;
    const deadline = ctx.ports.clock.now() + timeoutSeconds * 1000;
    ctx.state.waiting = { nodeId: node.id, deadline, since: ctx.ports.clock.now() };
    const started: Extract<NodeEvent, { type: 'wait_started' }> = { type: 'wait_started', nodeId: node.id, timeoutSeconds, deadline };
    if (collectSeconds > 0) started.collectSeconds = collectSeconds;
    ctx.emit(started);
    return { handle: null, reason: `waiting up to ${timeoutSeconds}s for a reply`, suspend: true };
  },
  async resume(node, ctx, event) {
    ctx.state.waiting = null;
    if (event.kind === 'timeout') {
      ctx.emit({ type: 'wait_ended', nodeId: node.id, outcome: 'timeout' });
      return { handle: 'timeout', reason: `no reply within ${node.config.timeoutSeconds}s` };
    }
    const text = event.message.text;
    ctx.state.message = event.message;
    ctx.state.vars[checkName(node.config.resultVar, 'config.resultVar')] = text;
    ctx.emit({ type: 'wait_ended', nodeId: node.id, outcome: 'reply', text });
    ctx.emit({ type: 'vars_set', nodeId: node.id, changes: { [node.config.resultVar]: text } });
    return { handle: 'reply', reason: 'reply received', output: text };
  },
});
