import { registerNode } from './registry';

registerNode({
  type: 'end',
  execute(node) {
    const reason = node.config.reason ?? (node.config.status === 'failed' ? 'ended on a failure path' : 'end of flow');
    return { handle: null, reason };
  },
});
