import type { TriggerInfo } from '../run-state';
import { registerNode } from './registry';

/** Why the run started, as ops read it: `keyword "JOIN" (first_word, folded)`. */
export function describeTrigger(t: TriggerInfo): string {
  switch (t.kind) {
    case 'keyword': {
      const how = [t.matchMode, t.matchedBy].filter(Boolean).join(', ');
      return `keyword "${t.keyword ?? ''}"${how ? ` (${how})` : ''}`;
    }
    case 'catch_all':
      return 'catch-all: no keyword matched';
    case 'rest': {
      const names = Object.keys(t.parameters ?? {});
      return `REST start${names.length ? ` with parameters ${names.join(', ')}` : ''}`;
    }
    case 'simulation':
      return 'simulation';
  }
}

// The host already chose the flow (keyword, catch-all or REST); the trigger only records why.
registerNode({
  type: 'trigger',
  execute(_node, ctx) {
    return { handle: 'next', reason: describeTrigger(ctx.state.trigger) };
  },
});
