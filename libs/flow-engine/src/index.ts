export * from './ports';
export * from './run-state';
export * from './events';
export * from './engine-api';
