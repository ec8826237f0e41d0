import { describe, expect, it } from 'vitest';
import { PROVIDER_SCHEMAS } from './provider-schemas';
import { publicConnection, validateChannelSettings } from './validate-settings';

const SID = 'AC0123456789abcdef0123456789abcdef';

describe('channel settings against the provider schema', () => {
  it('accepts a complete Twilio channel', () => {
    expect(validateChannelSettings('twilio', { accountSid: SID, baseUrl: 'http://127.0.0.1:9' }, { authToken: 't' })).toEqual([]);
  });

  it('refuses an unknown key and names the key it probably meant', () => {
    expect(validateChannelSettings('twilio', { accountSid: SID, baseURL: 'http://x' }, { authToken: 't' })).toEqual([
      { path: 'connection.baseURL', message: expect.stringContaining('did you mean connection.baseUrl?') },
    ]);
  });

  it('refuses a secret in connection and names credentials as its place; a missing secret names credentials.authToken', () => {
    const problems = validateChannelSettings('twilio', { accountSid: SID, authToken: 't' }, {});
    expect(problems).toEqual([
      { path: 'connection.authToken', message: 'is a secret: send it in credentials.authToken (stored encrypted, never returned)' },
      { path: 'credentials.authToken', message: expect.stringMatching(/^is required \(Auth token\): webhooks of this channel are verified with it/) },
    ]);
  });

  it('requires the webhook secret of simulator and generic channels, and the SMPP password', () => {
    expect(validateChannelSettings('simulator', {}, {}).map((p) => p.path)).toEqual(['credentials.webhookSecret']);
    expect(validateChannelSettings('generic', {}, {}).map((p) => p.path)).toEqual(['credentials.webhookSecret']);
    expect(validateChannelSettings('smpp', { host: 'h', port: 2775, systemId: 's' }, {}).map((p) => p.path)).toEqual(['credentials.password']);
  });

  it('generic: inbound-only needs no url/secret, but one without the other is refused', () => {
    expect(validateChannelSettings('generic', {}, { webhookSecret: 'w' })).toEqual([]);
    expect(validateChannelSettings('generic', { url: 'https://gw.example' }, { webhookSecret: 'w' })).toEqual([
      { path: 'credentials.secret', message: 'is required when connection.url is set (Outbound signing secret)' },
    ]);
  });

  it('checks types: enum, integer, url', () => {
    const problems = validateChannelSettings('smpp', { host: 'h', port: 'x', systemId: 's', receiptIds: 'hexish' }, { password: 'p' });
    expect(problems).toEqual([
      { path: 'connection.port', message: 'must be an integer' },
      { path: 'connection.receiptIds', message: 'must be one of auto, same, hex-to-decimal, decimal-to-hex' },
    ]);
    expect(validateChannelSettings('infobip', { baseUrl: 'not a url' }, { apiKey: 'k', webhookSecret: 'w' })[0]?.path).toBe('connection.baseUrl');
  });

  it('never shows a secret-looking key of a connection stored before the schema existed', () => {
    expect(publicConnection('twilio', { accountSid: SID, authToken: 'old', apiSecretX: 'y' })).toEqual({ accountSid: SID });
  });

  it('every provider names a label and help for every field, and its webhook secret is one of its secret fields', () => {
    for (const schema of PROVIDER_SCHEMAS) {
      for (const f of schema.fields) expect(f.label && f.help, `${schema.provider}.${f.key}`).toBeTruthy();
      if (schema.webhookSecret) expect(schema.fields.find((f) => f.key === schema.webhookSecret)).toMatchObject({ in: 'credentials', secret: true });
    }
  });
});
