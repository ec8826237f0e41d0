export * from './gsm7-charset';
export * from './segments';
export * from './payload-error';
export * from './phone-number';
export * from './phone-timezone';
