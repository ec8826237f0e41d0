/** Where Studio's Liquid names live in a Moflow run (see docs/import.md, "Twilio Studio"). */
import { path } from '../expressions/jsonata';
import type { LiquidScope } from '../expressions/liquid';
import { toVarName } from '../names';

export class StudioScope implements LiquidScope {
  /** Set when a template reads `trigger.message`: the import then keeps the first message in a variable. */
  usesTriggerMessage = false;

  resolve(segs: string[]): string | null {
    const [a, b, c, d, ...rest] = segs;
    if (a === 'flow') {
      if (b === 'variables' && c) return path('vars', toVarName(c), ...(d ? [d, ...rest] : []));
      if (b === 'data') return c ? path('trigger', 'parameters', c, ...(d ? [d, ...rest] : [])) : 'trigger.parameters';
      if (b === 'flow_sid' || b === 'sid') return 'run.flowId';
      if (b === 'channel' && c === 'address') return 'message.to';
      return null;
    }
    if (a === 'contact' && b === 'channel' && c === 'address' && !d) return 'contact.phone';
    if (a === 'trigger' && (b === 'message' || b === 'conversation')) return this.triggerMessage(c, d);
    if (a === 'trigger' && b === 'request' && (c === 'From' || c === 'from')) return 'contact.phone';
    if (a === 'widgets' && b) return this.widget(b, c, d, rest);
    return null;
  }

  private triggerMessage(field: string | undefined, more: string | undefined): string | null {
    if (more) return null;
    const fields: Record<string, string> = { Body: 'text', From: 'from', To: 'to' };
    if (field === 'From') return 'contact.phone';
    if (field !== undefined && !fields[field]) return null;
    this.usesTriggerMessage = true;
    return field === undefined ? 'vars.trigger_message' : `vars.trigger_message.${fields[field]}`;
  }

  private widget(name: string, c: string | undefined, d: string | undefined, rest: string[]): string | null {
    const v = toVarName(name);
    if (c === 'inbound' && d === 'Body' && !rest.length) return `vars.${v}`;
    if ((c === 'inbound' || c === 'outbound') && (d === 'From' || d === 'To') && !rest.length) return (c === 'inbound') === (d === 'From') ? 'contact.phone' : 'message.to';
    if (c === 'parsed') return path('vars', v, ...(d ? [d, ...rest] : []));
    if (c === 'body' && !d) return `vars.${v}`;
    if (c === 'status_code' && !d) return `vars.${v}_status`;
    return null;
  }
}
