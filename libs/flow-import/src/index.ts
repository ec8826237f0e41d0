export * from './types';
export { detectFormat, importFlows, importFlowsFromText, KNOWN_FORMATS_TEXT } from './import-flows';
export { moflowExport, MOFLOW_EXPORT_FORMAT, MOFLOW_EXPORT_VERSION, type MoflowExport } from './moflow-format';
export { liquidToExpression, liquidToTemplate } from './expressions/liquid';
export { excellentToExpression, excellentToTemplate } from './expressions/excellent';
