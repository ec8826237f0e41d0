export * from './outbound/sms-adapter';
export { httpCall, type HttpReply } from './outbound/http-client';
export * from './outbound/oauth-token';
export * from './outbound/twilio.adapter';
export * from './outbound/vonage.adapter';
export * from './outbound/infobip.adapter';
export * from './outbound/mylink.adapter';
export * from './outbound/sinch.adapter';
export * from './outbound/generic-webhook.adapter';
