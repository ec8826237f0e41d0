import { registerNode } from './registry';

registerNode({
  type: 'subscribe',
  async execute(node, ctx) {
    const { list, action } = node.config;
    const subscribed = action === 'subscribe';
    await ctx.ports.contacts.setSubscription(ctx.state.contact.id, list, subscribed);
    const subs = ctx.state.contact.subscriptions.filter((s) => s !== list);
    if (subscribed) subs.push(list);
    ctx.state.contact.subscriptions = subs;
    ctx.emit({ type: 'subscription_changed', nodeId: node.id, list, subscribed });
    return { handle: 'next', reason: `${subscribed ? 'subscribed to' : 'unsubscribed from'} "${list}"` };
  },
});
