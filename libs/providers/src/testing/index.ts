// Provider peers on 127.0.0.1 for tests: they speak each provider's protocol, check credentials
// and can be scripted to fail. Never import this from production code.
export * from './fake-http.server';
export * from './fake-twilio.server';
export * from './fake-vonage.server';
export * from './fake-infobip.server';
export * from './fake-mylink.server';
export * from './fake-sinch.server';
export * from './fake-webhook.server';
export * from './fake-smsc';
