import { registerNode } from './registry';
import { checkName } from './var-names';

registerNode({
  type: 'ticket',
  async execute(node, ctx) {
    const c = node.config;
    const subject = await ctx.render(c.subject, 'config.subject');
    const body = await ctx.render(c.body, 'config.body');
    const { ticketId } = await ctx.ports.tickets.open({
      runId: ctx.state.runId,
      contactId: ctx.state.contact.id,
      channelId: ctx.state.channelId,
      subject,
      body,
      team: c.team,
      priority: c.priority,
      forward: c.forward,
    });
    ctx.state.vars[checkName(c.resultVar, 'config.resultVar')] = ticketId;
    ctx.emit({ type: 'ticket_opened', nodeId: node.id, ticketId, subject, team: c.team, priority: c.priority, body, forward: c.forward });
    ctx.emit({ type: 'vars_set', nodeId: node.id, changes: { [c.resultVar]: ticketId } });
    return { handle: 'next', reason: `ticket ${ticketId} opened for team "${c.team}"`, output: subject };
  },
});
