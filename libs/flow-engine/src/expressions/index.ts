export * from './expression-evaluator';
export * from './context';
