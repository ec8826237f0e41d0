// The fakes' delivery-report callbacks, checked against @moflow/sms's parsers and signature checks:
// what an API test receives from these peers is what the real providers send.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  parseGenericDlr, parseInfobipDlr, parseMyLinkDlr, parseSinchDlr, parseTwilioStatus, parseVonageDlr,
  verifyGenericSignature, verifyTwilioSignature,
} from '@moflow/sms';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenericWebhookAdapter } from '../outbound/generic-webhook.adapter';
import { InfobipAdapter } from '../outbound/infobip.adapter';
import { MyLinkAdapter } from '../outbound/mylink.adapter';
import { SinchAdapter } from '../outbound/sinch.adapter';
import { TwilioAdapter } from '../outbound/twilio.adapter';
import { VonageAdapter } from '../outbound/vonage.adapter';
import { FakeInfobipServer } from './fake-infobip.server';
import { FakeMyLinkServer } from './fake-mylink.server';
import { FakeSinchServer } from './fake-sinch.server';
import { FakeTwilioServer } from './fake-twilio.server';
import { FakeVonageServer } from './fake-vonage.server';
import { FakeWebhookServer } from './fake-webhook.server';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('delivery reports sent by the fake providers', () => {
  const received: Received[] = [];
  let receiver: Server;
  let base = '';
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => receiver.close(() => r())));
  const last = () => received[received.length - 1]!;
  const msg = (path: string) => ({ id: 'm-1', from: '12345', to: '+447700900123', text: 'hi', dlrUrl: `${base}${path}` });

  it('Twilio: signed form callback that the SDK and @moflow/sms both verify', async () => {
    const fake = new FakeTwilioServer('AC' + '1'.repeat(32), 'tok');
    await fake.start();
    const sent = await new TwilioAdapter({ accountSid: fake.accountSid, authToken: 'tok', baseUrl: fake.baseUrl }).send(msg('/dlr/twilio'));
    expect(await fake.deliveryReport(sent.providerMessageIds[0]!, 'delivered')).toBe(204);
    const { headers, body } = last();
    const params = Object.fromEntries(new URLSearchParams(body));
    const signature = String(headers['x-twilio-signature']);
    expect(twilio.validateRequest('tok', signature, `${base}/dlr/twilio`, params)).toBe(true);
    expect(verifyTwilioSignature('tok', `${base}/dlr/twilio`, params, signature)).toBe(true);
    expect(verifyTwilioSignature('other', `${base}/dlr/twilio`, params, signature)).toBe(false);
    expect(parseTwilioStatus(params)).toMatchObject({ providerMessageId: sent.providerMessageIds[0], status: 'delivered' });
    await fake.stop();
  });

  it('Twilio: inbound MO form signed by the SDK; a wrong token fails verification', async () => {
    const fake = new FakeTwilioServer('AC' + '2'.repeat(32), 'tok');
    const url = `${base}/api/v1/inbound/ch1`;
    const res = await fake.inboundMessage(url, { from: '+447700900123', to: '+447700900000', body: 'join' });
    expect(res.status).toBe(204);
    const params = Object.fromEntries(new URLSearchParams(last().body));
    expect(params).toMatchObject({ Body: 'join', From: '+447700900123', MessageSid: res.messageSid });
    expect(verifyTwilioSignature('tok', url, params, String(last().headers['x-twilio-signature']))).toBe(true);
    await fake.inboundMessage(url, { from: '+447700900123', to: '+447700900000', body: 'join', signWith: 'wrong' });
    const forged = Object.fromEntries(new URLSearchParams(last().body));
    expect(verifyTwilioSignature('tok', url, forged, String(last().headers['x-twilio-signature']))).toBe(false);
  });

  it('Vonage: POST-JSON receipt per message-id', async () => {
    const fake = new FakeVonageServer('k', 's');
    await fake.start();
    const sent = await new VonageAdapter({ apiKey: 'k', apiSecret: 's', baseUrl: fake.baseUrl }).send(msg('/dlr/vonage'));
    await fake.deliveryReport(sent.providerMessageIds[0]!, 'failed', '6');
    expect(parseVonageDlr(JSON.parse(last().body) as Record<string, unknown>)).toMatchObject({
      providerMessageId: sent.providerMessageIds[0], status: 'failed', errorCode: '6',
    });
    expect(JSON.parse(last().body)).toMatchObject({ 'client-ref': 'm-1' });
    await fake.stop();
  });

  it('Infobip: results[] to notifyUrl', async () => {
    const fake = new FakeInfobipServer('k');
    await fake.start();
    const sent = await new InfobipAdapter({ apiKey: 'k', baseUrl: fake.baseUrl }).send(msg('/dlr/infobip'));
    await fake.deliveryReport(sent.providerMessageIds[0]!, 'DELIVERED');
    expect(parseInfobipDlr(JSON.parse(last().body))).toEqual([expect.objectContaining({ providerMessageId: 'm-1', status: 'delivered' })]);
    await fake.stop();
  });

  it('Sinch: recipient_delivery_report_sms to callback_url', async () => {
    const fake = new FakeSinchServer('plan', 'tok');
    await fake.start();
    const sent = await new SinchAdapter({ servicePlanId: 'plan', apiToken: 'tok', baseUrl: fake.baseUrl }).send(msg('/dlr/sinch'));
    await fake.deliveryReport(sent.providerMessageIds[0]!, 'Delivered');
    expect(parseSinchDlr(JSON.parse(last().body))).toEqual([expect.objectContaining({ providerMessageId: sent.providerMessageIds[0], status: 'delivered' })]);
    await fake.stop();
  });

  it('MyLINK: JSON report to dlrUrl', async () => {
    const fake = new FakeMyLinkServer('c', 's');
    await fake.start();
    const sent = await new MyLinkAdapter({ baseUrl: fake.baseUrl, tokenUrl: fake.tokenUrl, clientId: 'c', clientSecret: 's' }).send(msg('/dlr/mylink'));
    await fake.deliveryReport(sent.providerMessageIds[0]!, 'undelivered', 31);
    expect(parseMyLinkDlr(JSON.parse(last().body))).toMatchObject({ providerMessageId: sent.providerMessageIds[0], status: 'undelivered', errorCode: '31' });
    await fake.stop();
  });

  it('generic gateway: signed {id, status}', async () => {
    const fake = new FakeWebhookServer('sec');
    await fake.start();
    const sent = await new GenericWebhookAdapter({ url: fake.baseUrl, secret: 'sec' }).send(msg('/dlr/generic'));
    await fake.deliveryReport(sent.providerMessageIds[0]!, 'delivered');
    const { headers, body } = last();
    expect(verifyGenericSignature('sec', body, String(headers['x-moflow-signature']))).toBe(true);
    expect(parseGenericDlr(JSON.parse(body))).toMatchObject({ providerMessageId: sent.providerMessageIds[0], status: 'delivered' });
    await fake.stop();
  });
});
