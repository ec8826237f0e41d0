export * from './expression-evaluator';
export { parseTemplateParts, TemplateSyntaxError, type TemplatePart } from './template-parser';
export * from './context';
