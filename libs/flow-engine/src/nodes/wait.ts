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
    const waiting = ctx.state.waiting;
    const collected = waiting?.collected ?? [];
    if (event.kind === 'reply' && node.config.collectSeconds > 0 && waiting) {
      // Collecting: the first reply opens the window, each reply inside it is kept; the run stays here.
      const now = ctx.ports.clock.now();
      const collectUntil = waiting.collectUntil ?? now + node.config.collectSeconds * 1000;
      ctx.state.waiting = {
        ...waiting, collectUntil, collected: [...collected, event.message.text], collectedIds: [...(waiting.collectedIds ?? []), event.message.id],
      };
      ctx.state.message = event.message;
      ctx.emit({ type: 'reply_collected', nodeId: node.id, messageId: event.message.id, count: collected.length + 1, collectUntil });
      return { handle: null, reason: `reply ${collected.length + 1} collected; the window closes at ${new Date(collectUntil).toISOString()}`, suspend: true };
    }
    ctx.state.waiting = null;
    if (event.kind === 'timeout' && collected.length === 0) {
      ctx.emit({ type: 'wait_ended', nodeId: node.id, outcome: 'timeout' });
      return { handle: 'timeout', reason: `no reply within ${node.config.timeoutSeconds}s` };
    }
    // A closed collecting window continues once, with every collected text in arrival order.
    const text = event.kind === 'reply' ? event.message.text : collected.join('\n');
    if (event.kind === 'reply') ctx.state.message = event.message;
    else if (ctx.state.message) ctx.state.message = { ...ctx.state.message, text };
    ctx.state.vars[checkName(node.config.resultVar, 'config.resultVar')] = text;
    ctx.emit({ type: 'wait_ended', nodeId: node.id, outcome: 'reply', text });
    ctx.emit({ type: 'vars_set', nodeId: node.id, changes: { [node.config.resultVar]: text } });
    return { handle: 'reply', reason: 'reply received', output: text };
  },
});
