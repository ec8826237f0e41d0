// SMPP 3.4 delivery receipts: the short_message text of a deliver_sm with esm_class receipt bit
// (Appendix B: "id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD
// err:E text:...") and the message_state TLV values.
import { PayloadError } from '../payload-error';
import { meaningfulErrorCode, type DeliveryReport, type DeliveryStatus } from './inbound-message';

const STAT_STATUS: Readonly<Record<string, DeliveryStatus>> = {
  DELIVRD: 'delivered', UNDELIV: 'undelivered', EXPIRED: 'undelivered', REJECTD: 'failed', DELETED: 'failed',
  ACCEPTD: 'sent', ENROUTE: 'sent', UNKNOWN: 'sent',
};

// message_state TLV (0x0427): 1 ENROUTE … 8 REJECTED.
const MESSAGE_STATE_STAT = ['', 'ENROUTE', 'DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'ACCEPTD', 'UNKNOWN', 'REJECTD'];

export interface SmppReceipt extends DeliveryReport {
  submitDate?: string;
  doneDate?: string;
  text?: string;
}

/** "YYMMDDhhmm[ss]" in UTC (SMSCs differ on the zone; we take UTC and say so) → ISO string. */
function receiptDate(value: string | undefined): string | undefined {
  const m = value ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/.exec(value) : null;
  if (!m) return undefined;
  const [, yy, mo, dd, hh, mi, ss] = m;
  const date = new Date(Date.UTC(2000 + Number(yy), Number(mo) - 1, Number(dd), Number(hh), Number(mi), Number(ss ?? 0)));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function parseSmppReceipt(text: string): SmppReceipt {
  if (typeof text !== 'string') throw new PayloadError('short_message', 'must be text');
  // Keys may contain a space ("submit date"); "text:" runs to the end and may itself contain colons.
  const textAt = text.search(/\btext:/i);
  const head = textAt >= 0 ? text.slice(0, textAt) : text;
  const fields = new Map<string, string>();
  for (const m of head.matchAll(/(id|sub|dlvrd|submit date|done date|stat|err):(\S*)/gi)) {
    fields.set((m[1] ?? '').toLowerCase(), m[2] ?? '');
  }
  const id = fields.get('id');
  if (!id) throw new PayloadError('short_message.id', `receipt has no id: ${JSON.stringify(text.slice(0, 80))}`);
  const stat = (fields.get('stat') ?? '').toUpperCase();
  const status = STAT_STATUS[stat];
  if (!status) throw new PayloadError('short_message.stat', `unknown receipt state "${stat}"`);
  const errorCode = meaningfulErrorCode(fields.get('err'));
  const submitDate = receiptDate(fields.get('submit date'));
  const doneDate = receiptDate(fields.get('done date'));
  return {
    providerMessageId: id, status, providerStatus: stat,
    ...(errorCode ? { errorCode } : {}),
    ...(submitDate ? { submitDate } : {}),
    ...(doneDate ? { doneDate } : {}),
    ...(textAt >= 0 ? { text: text.slice(textAt + 5) } : {}),
    raw: text,
  };
}

/** Maps the message_state TLV to our status, or throws for a value outside 1..8. */
export function smppMessageState(state: number): { status: DeliveryStatus; providerStatus: string } {
  const stat = MESSAGE_STATE_STAT[state];
  const status = stat ? STAT_STATUS[stat] : undefined;
  if (!stat || !status) throw new PayloadError('message_state', `unknown value ${state}`);
  return { status, providerStatus: stat };
}
