export * from './gsm7-charset';
export * from './segments';
