// One description per provider of what a channel's `connection` (plain settings, returned by the
// API) and `credentials` (secrets, stored encrypted, never returned) may hold. The API validates
// against it and serves it so the ops console can render the channel form from the same source.

export type FieldType = 'string' | 'url' | 'integer' | 'boolean' | 'enum';

export interface ProviderField {
  key: string;
  /** `credentials` for secrets (write-only), `connection` for everything else. */
  in: 'connection' | 'credentials';
  label: string;
  help: string;
  type: FieldType;
  /** true: always; 'inbound': the provider's webhooks are verified with it, so it is always required too. */
  required: boolean;
  secret: boolean;
  options?: readonly string[];
  default?: string | number | boolean;
  example?: string | number | boolean;
  /** Required when this other field (same location or not) is set. */
  requiredWith?: string;
}

export interface ProviderSchema {
  provider: string;
  label: string;
  description: string;
  /** The credential its webhooks are verified with; null when it has no webhooks (SMPP). */
  webhookSecret: string | null;
  fields: readonly ProviderField[];
}

const conn = (key: string, label: string, help: string, extra: Partial<ProviderField> = {}): ProviderField =>
  ({ key, in: 'connection', label, help, type: 'string', required: false, secret: false, ...extra });
const secret = (key: string, label: string, help: string, extra: Partial<ProviderField> = {}): ProviderField =>
  ({ key, in: 'credentials', label, help, type: 'string', required: true, secret: true, ...extra });

const WEBHOOK_SECRET_HELP = 'Shared secret the provider sends with every webhook (HTTP Basic password, or the header named in webhookHeader). Webhooks are refused without it.';
const webhookSecret = secret('webhookSecret', 'Webhook secret', WEBHOOK_SECRET_HELP);
const webhookHeader = conn('webhookHeader', 'Webhook secret header', 'Header carrying the webhook secret when the provider does not use HTTP Basic auth.', { default: 'X-Webhook-Secret' });
const baseUrl = (help: string, required = false) => conn('baseUrl', 'API base URL', help, { type: 'url', required });

export const PROVIDER_SCHEMAS: readonly ProviderSchema[] = [
  {
    provider: 'simulator', label: 'Simulator', webhookSecret: 'webhookSecret',
    description: 'Built-in provider for trying flows: MTs never leave the machine; MOs arrive as Moflow\'s signed JSON.',
    fields: [secret('webhookSecret', 'Webhook secret', 'HMAC-SHA256 key of the X-Moflow-Signature header on MOs posted to this channel.')],
  },
  {
    provider: 'twilio', label: 'Twilio', webhookSecret: 'authToken',
    description: 'Twilio Programmable Messaging. Webhooks are verified with X-Twilio-Signature (the auth token).',
    fields: [
      conn('accountSid', 'Account SID', 'Starts with AC; on the Twilio console dashboard.', { required: true, example: 'AC0123456789abcdef0123456789abcdef' }),
      conn('messagingServiceSid', 'Messaging Service SID', 'Send through a Messaging Service (MG…) instead of the channel number as From.', { example: 'MG0123456789abcdef0123456789abcdef' }),
      conn('advancedOptOut', 'Twilio Advanced Opt-Out', 'On when the Messaging Service has Twilio\'s Advanced Opt-Out enabled: Twilio answers STOP, START and HELP itself, so Moflow records the opt-out or opt-in but sends no confirmation of its own (the contact would get two).', { type: 'boolean', default: false }),
      baseUrl('Replaces https://api.twilio.com (tests, regional edge).'),
      secret('authToken', 'Auth token', 'Signs API calls and verifies X-Twilio-Signature on webhooks.'),
    ],
  },
  {
    provider: 'vonage', label: 'Vonage', webhookSecret: 'signatureSecret',
    description: 'Vonage SMS API. Webhooks are verified with the signed `sig` parameter.',
    fields: [
      conn('apiKey', 'API key', 'From the Vonage dashboard.', { required: true }),
      conn('signatureMethod', 'Signature method', 'As set in the Vonage dashboard.', { type: 'enum', options: ['md5hash', 'md5', 'sha1', 'sha256', 'sha512'], default: 'md5hash' }),
      baseUrl('Replaces https://rest.nexmo.com.'),
      secret('apiSecret', 'API secret', 'Authenticates sends.'),
      secret('signatureSecret', 'Signature secret', 'Verifies the `sig` of every webhook. Webhooks are refused without it.'),
    ],
  },
  {
    provider: 'infobip', label: 'Infobip', webhookSecret: 'webhookSecret',
    description: 'Infobip SMS API. Webhooks carry the shared secret.',
    fields: [baseUrl('Your personal base URL, e.g. https://xxxxx.api.infobip.com.', true), webhookHeader, secret('apiKey', 'API key', 'Sent as `Authorization: App <key>`.'), webhookSecret],
  },
  {
    provider: 'mylink', label: 'LINK Mobility (MyLINK)', webhookSecret: 'webhookSecret',
    description: 'LINK Mobility MyLINK API with OAuth2 client credentials.',
    fields: [
      baseUrl('MyLINK API base URL.', true), conn('tokenUrl', 'Token URL', 'OAuth2 token endpoint.', { type: 'url', required: true }),
      conn('clientId', 'Client id', 'OAuth2 client id.', { required: true }), webhookHeader,
      secret('clientSecret', 'Client secret', 'OAuth2 client secret.'), webhookSecret,
    ],
  },
  {
    provider: 'sinch', label: 'Sinch', webhookSecret: 'webhookSecret',
    description: 'Sinch SMS REST API.',
    fields: [
      conn('servicePlanId', 'Service plan id', 'From the Sinch dashboard.', { required: true }), baseUrl('Replaces https://us.sms.api.sinch.com.'),
      webhookHeader, secret('apiToken', 'API token', 'Bearer token for sends.'), webhookSecret,
    ],
  },
  {
    provider: 'generic', label: 'Generic JSON webhook', webhookSecret: 'webhookSecret',
    description: 'Your own gateway: MOs posted as signed JSON; MTs POSTed to `url` signed with `secret`. A channel used only inbound needs neither.',
    fields: [
      conn('url', 'Outbound URL', 'Where Moflow POSTs MTs as JSON {id, from, to, text}. Leave empty for an inbound-only channel.', { type: 'url', requiredWith: 'secret' }),
      secret('secret', 'Outbound signing secret', 'HMAC-SHA256 key of X-Moflow-Signature on MTs Moflow sends.', { required: false, requiredWith: 'url' }),
      secret('webhookSecret', 'Webhook secret', 'HMAC-SHA256 key of X-Moflow-Signature on MOs and delivery reports your gateway posts.'),
    ],
  },
  {
    provider: 'smpp', label: 'SMPP 3.4 (SMSC)', webhookSecret: null,
    description: 'A direct bind (transceiver) to an SMSC. MOs and delivery receipts arrive over the bind.',
    fields: [
      conn('host', 'Host', 'SMSC host name or IP.', { required: true }),
      conn('port', 'Port', 'SMSC TCP port.', { type: 'integer', required: true, example: 2775 }),
      conn('systemId', 'System id', 'bind_transceiver system_id (at most 15 characters).', { required: true }),
      conn('systemType', 'System type', 'bind system_type, when the SMSC asks for one.'),
      conn('receiptIds', 'Receipt message ids', 'How delivery receipts write the id submit_sm_resp gave: `auto` matches the same text, then its hex or decimal form; `same` only the same text; `hex-to-decimal` when submit_sm_resp gives hex and receipts decimal; `decimal-to-hex` the reverse.', { type: 'enum', options: ['auto', 'same', 'hex-to-decimal', 'decimal-to-hex'], default: 'auto' }),
      secret('password', 'Password', 'bind password (at most 8 characters). The SMSC authenticates the bind with it; a channel without it is refused.'),
    ],
  },
];

export function providerSchema(provider: string): ProviderSchema | undefined {
  return PROVIDER_SCHEMAS.find((s) => s.provider === provider);
}

/**
 * Whether the provider itself answers the compliance keywords (STOP, START, HELP) on this channel,
 * so Moflow must not send its own confirmation: Twilio with Advanced Opt-Out on.
 */
export function providerAnswersComplianceKeywords(provider: string, settings: Readonly<Record<string, unknown>>): boolean {
  return provider === 'twilio' && settings['advancedOptOut'] === true;
}
