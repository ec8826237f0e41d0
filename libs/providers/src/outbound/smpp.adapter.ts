import { SmppEsme, type SmppEsmeOptions } from '../smpp/smpp-esme';
import type { OutboundSms, SendResult, SmsAdapter } from './sms-adapter';

/** The SMPP ESME seen through the common adapter interface. `dlrUrl` does not apply: receipts come
 * back over the same bind as `dlr` events. */
export class SmppAdapter implements SmsAdapter {
  readonly provider = 'smpp' as const;
  readonly esme: SmppEsme;

  constructor(optsOrEsme: SmppEsmeOptions | SmppEsme) {
    this.esme = optsOrEsme instanceof SmppEsme ? optsOrEsme : new SmppEsme(optsOrEsme);
  }

  async send(msg: OutboundSms): Promise<SendResult> {
    const res = await this.esme.submit({ from: msg.from, to: msg.to, text: msg.text });
    return { providerMessageIds: res.messageIds, status: 'sent', segments: res.messageIds.length };
  }

  close(): Promise<void> {
    return this.esme.stop();
  }
}
