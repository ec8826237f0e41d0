import type { DataSource, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Hot-path SQL without TypeORM's query builders. Profiling the REST trigger showed most of its CPU
 * in building statements (alias maps, property-name rewriting, parameter escaping, result
 * transformation) rather than in the database; and its INSERTs inline bigint values, so every
 * statement text was new and better-sqlite3 prepared it again. These helpers build each statement
 * text once per (entity, shape), always with bound parameters, and still convert values through
 * the driver and the entity's column metadata (simple-json, transformers, booleans), so rows read
 * and written here are exactly what the repositories would read and write.
 */
type Db = DataSource | EntityManager;

interface Plan {
  table: string;
  columns: ColumnMetadata[];
  byProperty: Map<string, ColumnMetadata>;
  select: string;
}

const plans = new WeakMap<EntityMetadata, Plan>();
const texts = new Map<string, string>();

function dsOf(db: Db): DataSource {
  return 'manager' in db ? db : db.connection;
}

function planOf(db: Db, target: EntityTarget<ObjectLiteral>): { meta: EntityMetadata; plan: Plan } {
  const meta = dsOf(db).getMetadata(target);
  let plan = plans.get(meta);
  if (!plan) {
    const columns = meta.columns.filter((c) => !c.isVirtual);
    const table = `${meta.schema ? `"${meta.schema}".` : ''}"${meta.tableName}"`;
    plan = {
      table, columns, byProperty: new Map(columns.map((c) => [c.propertyPath, c])),
      select: `SELECT ${columns.map((c) => `"${c.databaseName}"`).join(', ')} FROM ${table}`,
    };
    plans.set(meta, plan);
  }
  return { meta, plan };
}

/** `?` on SQLite, `$n` on PostgreSQL. */
export function placeholder(db: Db, index: number): string {
  return dsOf(db).options.type === 'postgres' ? `$${index + 1}` : '?';
}

function cached(key: string, build: () => string): string {
  let text = texts.get(key);
  if (text === undefined) {
    text = build();
    if (texts.size > 2_000) texts.clear();
    texts.set(key, text);
  }
  return text;
}

/**
 * INSERT of whole rows in one statement. `suffix` is
 * appended verbatim (ON CONFLICT ..., RETURNING ...); the result is the driver's raw result.
 */
export async function insertRows<T extends ObjectLiteral>(db: Db, target: EntityTarget<T>, values: readonly T[], suffix = ''): Promise<unknown> {
  if (values.length === 0) return [];
  if (dsOf(db).options.type === 'postgres') return insertShape(db, target, values, suffix);
  // SQLite: a statement text per row count would be prepared again and again (better-sqlite3 keeps
  // prepared statements by text); power-of-two pieces leave a handful of texts per table.
  const results: unknown[] = [];
  let at = 0;
  for (const size of shapeSizes(values.length)) {
    const raw = await insertShape(db, target, values.slice(at, at + size), suffix);
    at += size;
    if (Array.isArray(raw)) results.push(...(raw as unknown[]));
  }
  return results;
}

/**
 * Values for an `IN (…)` list, rounded up to a power of two by repeating the last one: the same
 * answer, and few statement texts (each new text is prepared again on SQLite).
 */
export function padIn<T>(values: readonly T[]): T[] {
  if (values.length === 0) return [];
  let size = 1;
  while (size < values.length) size *= 2;
  const out = values.slice();
  while (out.length < size) out.push(values[values.length - 1]!);
  return out;
}

/** `n` as a sum of powers of two, none above `max`, largest first (13 → 8, 4, 1). */
export function shapeSizes(n: number, max = 128): number[] {
  const sizes: number[] = [];
  let left = n;
  while (left >= max) {
    sizes.push(max);
    left -= max;
  }
  for (let p = max / 2; p >= 1; p /= 2) {
    if (left >= p) {
      sizes.push(p);
      left -= p;
    }
  }
  return sizes;
}

async function insertShape<T extends ObjectLiteral>(db: Db, target: EntityTarget<T>, values: readonly T[], suffix: string): Promise<unknown> {
  const { meta, plan } = planOf(db, target);
  // Columns no row sets are left to their database default; a row lacking a column another row sets stores NULL.
  const columns = plan.columns.filter((c) => values.some((v) => c.getEntityValue(v) !== undefined));
  if (columns.length === 0) throw new Error(`insertRows(${meta.tableName}): no column set`);
  const driver = dsOf(db).driver;
  const params: unknown[] = [];
  for (const v of values) {
    for (const c of columns) {
      const value: unknown = c.getEntityValue(v);
      params.push(value === undefined ? null : driver.preparePersistentValue(value, c));
    }
  }
  const key = `I|${dsOf(db).options.type}|${plan.table}|${columns.map((c) => c.databaseName).join(',')}|${values.length}|${suffix}`;
  const sql = cached(key, () => {
    let i = 0;
    const tuple = () => `(${columns.map(() => placeholder(db, i++)).join(', ')})`;
    return `INSERT INTO ${plan.table} (${columns.map((c) => `"${c.databaseName}"`).join(', ')}) VALUES ${values.map(tuple).join(', ')}${suffix ? ` ${suffix}` : ''}`;
  });
  return db.query(sql, params);
}

/** Turns raw rows (database column names) into entities, through the driver's hydration. */
export function hydrate<T extends ObjectLiteral>(db: Db, target: EntityTarget<T>, raw: readonly Record<string, unknown>[]): T[] {
  const { plan } = planOf(db, target);
  const driver = dsOf(db).driver;
  return raw.map((r) => {
    const entity = {} as T;
    for (const c of plan.columns) c.setEntityValue(entity, driver.prepareHydratedValue(r[c.databaseName], c));
    return entity;
  });
}

/** SELECT of whole entities with `where` on properties (equality, AND), at most `limit` rows. */
export async function findRows<T extends ObjectLiteral>(db: Db, target: EntityTarget<T>, where: Partial<T>, limit = 1): Promise<T[]> {
  const { meta, plan } = planOf(db, target);
  const driver = dsOf(db).driver;
  const props = Object.keys(where);
  const columns = props.map((p) => {
    const c = plan.byProperty.get(p);
    if (!c) throw new Error(`findRows(${meta.tableName}): no column for ${p}`);
    return c;
  });
  const sql = cached(`S|${dsOf(db).options.type}|${plan.table}|${props.join(',')}|${limit}`, () =>
    `${plan.select} WHERE ${columns.map((c, i) => `"${c.databaseName}" = ${placeholder(db, i)}`).join(' AND ')} LIMIT ${limit}`);
  const raw = (await db.query(sql, columns.map((c) => driver.preparePersistentValue(c.getEntityValue(where), c)))) as Record<string, unknown>[];
  return hydrate(db, target, raw);
}

export async function findRow<T extends ObjectLiteral>(db: Db, target: EntityTarget<T>, where: Partial<T>): Promise<T | null> {
  return (await findRows(db, target, where, 1))[0] ?? null;
}

/** The columns of an entity as `alias."col"` for hand-written SELECTs whose rows go through `hydrate`. */
export function selectList(db: Db, target: EntityTarget<ObjectLiteral>, alias: string): string {
  const { plan } = planOf(db, target);
  return cached(`L|${plan.table}|${alias}`, () => plan.columns.map((c) => `${alias}."${c.databaseName}"`).join(', '));
}

export function tableOf(db: Db, target: EntityTarget<ObjectLiteral>): string {
  return planOf(db, target).plan.table;
}
