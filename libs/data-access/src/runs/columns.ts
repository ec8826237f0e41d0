/**
 * Times are bigint epoch milliseconds (see ../common/columns.ts). Kept under these names because
 * other areas import them from here.
 */
export { epochMsColumn as msColumn, epochMsTransformer as msTransformer } from '../common/columns';
