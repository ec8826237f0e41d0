import {
  GenericWebhookAdapter, InboundOnlyAdapter, InfobipAdapter, MyLinkAdapter, ProviderConfigError, SinchAdapter, SmppAdapter, SmppEsme, TwilioAdapter, VonageAdapter,
  type Destinations, type SmppEsmeOptions, type SmsAdapter,
} from '@moflow/providers';

/** Connection settings and decrypted credentials of one channel, merged (credentials win). */
export type ProviderSettings = Readonly<Record<string, unknown>>;

const str = (s: ProviderSettings, key: string): string => (typeof s[key] === 'string' ? (s[key] as string) : '');
const optStr = (s: ProviderSettings, key: string): string | undefined => (typeof s[key] === 'string' ? (s[key] as string) : undefined);

/**
 * Builds the outbound adapter of a channel. Adapters validate their options in the constructor and
 * throw ProviderConfigError naming the field, which is how a channel save reports a bad connection.
 * `simulator` has no adapter: the sender records the MT as sent without leaving the machine.
 */
export function createAdapter(
  provider: string, s: ProviderSettings, smppHooks?: Pick<SmppEsmeOptions, 'onMo' | 'onDlr' | 'defaultRegion'>,
  /** The address policy every admin-set destination (API base and token URLs, a gateway, an SMSC) must pass when connected to. */
  destinations?: Destinations,
): SmsAdapter | null {
  const d = destinations ? { destinations } : {};
  switch (provider) {
    case 'simulator':
      return null;
    case 'twilio':
      return new TwilioAdapter({
        accountSid: str(s, 'accountSid'), authToken: str(s, 'authToken'), baseUrl: optStr(s, 'baseUrl'), messagingServiceSid: optStr(s, 'messagingServiceSid'), ...d,
      });
    case 'vonage':
      return new VonageAdapter({ apiKey: str(s, 'apiKey'), apiSecret: str(s, 'apiSecret'), baseUrl: optStr(s, 'baseUrl'), ...d });
    case 'infobip':
      return new InfobipAdapter({ apiKey: str(s, 'apiKey'), baseUrl: str(s, 'baseUrl'), ...d });
    case 'mylink':
      return new MyLinkAdapter({ baseUrl: str(s, 'baseUrl'), tokenUrl: str(s, 'tokenUrl'), clientId: str(s, 'clientId'), clientSecret: str(s, 'clientSecret'), ...d });
    case 'sinch':
      return new SinchAdapter({ servicePlanId: str(s, 'servicePlanId'), apiToken: str(s, 'apiToken'), baseUrl: optStr(s, 'baseUrl'), ...d });
    case 'generic':
      if (!s['url'] && !s['secret']) return new InboundOnlyAdapter();
      return new GenericWebhookAdapter({ url: str(s, 'url'), secret: str(s, 'secret'), ...d });
    case 'smpp': {
      const port = typeof s['port'] === 'number' ? s['port'] : Number(s['port']);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ProviderConfigError('smpp.port', 'must be a TCP port (1-65535)');
      const esme = new SmppEsme({
        host: str(s, 'host'), port, systemId: str(s, 'systemId'), password: str(s, 'password'), systemType: optStr(s, 'systemType'),
        ...smppHooks, ...d,
      });
      return new SmppAdapter(esme);
    }
    default:
      throw new ProviderConfigError('provider', `unknown provider "${provider}"`);
  }
}

/** The credential (or connection) field an inbound webhook of this provider is verified with. */
export const INBOUND_SECRET_FIELD: Readonly<Record<string, string>> = {
  twilio: 'authToken',
  vonage: 'signatureSecret',
  infobip: 'webhookSecret',
  mylink: 'webhookSecret',
  sinch: 'webhookSecret',
  generic: 'webhookSecret',
};
