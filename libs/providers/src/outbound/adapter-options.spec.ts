import { describe, expect, it } from 'vitest';
import { SmppEsme } from '../smpp/smpp-esme';
import { ProviderConfigError } from './adapter-options';
import { GenericWebhookAdapter } from './generic-webhook.adapter';
import { InfobipAdapter } from './infobip.adapter';
import { MyLinkAdapter } from './mylink.adapter';
import { SinchAdapter } from './sinch.adapter';
import { TwilioAdapter } from './twilio.adapter';
import { VonageAdapter } from './vonage.adapter';

describe('adapter configuration errors name the field', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['twilio baseUrl', () => new TwilioAdapter({ accountSid: 'AC1', authToken: 't', baseUrl: 'localhost:3000' }), /^twilio\.baseUrl: must be an http\(s\) URL, got "localhost:3000"/],
    ['twilio token', () => new TwilioAdapter({ accountSid: 'AC1', authToken: '' }), /^twilio\.authToken: is required/],
    ['twilio sid', () => new TwilioAdapter({ accountSid: 'XX123', authToken: 't' }), /^twilio\.accountSid: accountSid must start with AC/],
    ['vonage key', () => new VonageAdapter({ apiKey: ' ', apiSecret: 's' }), /^vonage\.apiKey: is required/],
    ['infobip url', () => new InfobipAdapter({ apiKey: 'k', baseUrl: 'ftp://x.example' }), /^infobip\.baseUrl: must be an http\(s\) URL/],
    ['mylink token url', () => new MyLinkAdapter({ baseUrl: 'https://a.example', tokenUrl: '/token', clientId: 'c', clientSecret: 's' }), /^mylink\.tokenUrl/],
    ['sinch plan', () => new SinchAdapter({ servicePlanId: '', apiToken: 't' }), /^sinch\.servicePlanId: is required/],
    ['webhook url', () => new GenericWebhookAdapter({ url: 'not a url', secret: 's' }), /^webhook\.url: must be an absolute URL/],
    ['smpp port', () => new SmppEsme({ host: '127.0.0.1', port: 70_000, systemId: 'a', password: 'b' }), /^smpp\.port: must be an integer from 1 to 65535/],
    ['smpp password', () => new SmppEsme({ host: '127.0.0.1', port: 2775, systemId: 'a', password: 'much-too-long' }), /^smpp\.password: .*at most 8/],
    ['smpp window', () => new SmppEsme({ host: '127.0.0.1', port: 2775, systemId: 'a', password: 'b', windowSize: 0 }), /^smpp\.windowSize/],
  ];
  it.each(cases)('%s', (_name, make, message) => {
    let caught: unknown;
    try {
      make();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ProviderConfigError);
    expect((caught as Error).message).toMatch(message);
  });
});
