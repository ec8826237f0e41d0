import { httpLookup } from '../lookup/http-lookup';
import { tableLookup } from '../lookup/table-lookup';
import { registerNode } from './registry';

registerNode({
  type: 'lookup',
  async execute(node, ctx) {
    const c = node.config;
    return c.kind === 'http' ? httpLookup(node.id, c, ctx) : tableLookup(node.id, c, ctx);
  },
});
