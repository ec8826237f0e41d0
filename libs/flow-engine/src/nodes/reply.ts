import { analyzeText } from '@moflow/sms';
import { FlowEngineError, FlowEngineErrorCode } from '../errors';
import type { NodeEvent } from './node-executor';
import { registerNode } from './registry';

registerNode({
  type: 'reply',
  async execute(node, ctx) {
    const text = await ctx.render(node.config.text, 'config.text');
    // an empty MT is always a flow bug (a template whose every value was missing): say so
    if (text.trim().length === 0)
      throw new FlowEngineError(FlowEngineErrorCode.INVALID_VALUE, 'config.text rendered to empty text; nothing to send');
    const { encoding, segments } = analyzeText(text);
    const { state } = ctx;
    const { messageId } = await ctx.ports.messages.send({
      runId: state.runId,
      nodeId: node.id,
      contactId: state.contact.id,
      to: state.contact.phone,
      channelId: node.config.channelId ?? state.channelId,
      text,
      encoding,
      segments,
    });
    const queued: Extract<NodeEvent, { type: 'reply_queued' }> = { type: 'reply_queued', nodeId: node.id, messageId, text, encoding, segments };
    // The run's channel unless the node names another: hosts build the MT from this event.
    if (node.config.channelId) queued.channelId = node.config.channelId;
    ctx.emit(queued);
    return { handle: 'next', reason: `reply queued (${encoding}, ${segments} segment${segments === 1 ? '' : 's'})`, output: text };
  },
});
