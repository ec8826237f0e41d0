// The hot-path SQL helpers moved to libs/data-access (pipeline/fast-sql.ts); kept here for existing imports.
export { findRow, findRows, hydrate, insertRows, placeholder, selectList, tableOf } from '@moflow/data-access';
