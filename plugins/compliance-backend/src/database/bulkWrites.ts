import { Knex } from 'knex';

/** A column of a bulk insert, with its PostgreSQL array element type. */
export interface BulkColumn {
  name: string;
  pgType: 'text' | 'integer' | 'double precision';
}

/**
 * Rows per statement: one carries a whole chunk as one parameter, so the
 * bound is memory, not SQLite's variable or PostgreSQL's parameter limit.
 */
const ROWS_PER_STATEMENT = 50_000;

/** Whether the database is PostgreSQL (else SQLite). */
export function isPostgres(db: Knex): boolean {
  return db.client.config.client === 'pg';
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

/**
 * Inserts many rows with few statements, each carrying its rows as one JSON
 * array: `json_array_elements` on PostgreSQL, `json_each` on SQLite. Table and
 * column names come from code, never from input.
 */
export async function bulkInsert(
  db: Knex,
  table: string,
  columns: BulkColumn[],
  rows: unknown[][],
): Promise<void> {
  const names = columns.map(() => '??').join(', ');
  for (const chunk of chunks(rows, ROWS_PER_STATEMENT)) {
    if (isPostgres(db)) {
      // One JSON parameter: JSON.stringify and PostgreSQL's JSON parser are
      // both native, where arrays per column are escaped in JavaScript.
      await db.raw(
        `insert into ?? (${names}) select ${columns
          .map((c, i) => `(v->>${i})::${c.pgType}`)
          .join(', ')} from json_array_elements(?::json) as v`,
        [table, ...columns.map(c => c.name), JSON.stringify(chunk)],
      );
    } else {
      await db.raw(
        `insert into ?? (${names}) select ${columns
          .map((_, i) => `json_extract(value, '$[${i}]')`)
          .join(', ')} from json_each(?)`,
        [table, ...columns.map(c => c.name), JSON.stringify(chunk)],
      );
    }
  }
}

/**
 * An `in (values)` for many values as one parameter, so a list of any
 * length is one statement on either engine.
 */
export function inMany(
  db: Knex,
  values: string[],
): { sql: string; binding: Knex.Value } {
  return isPostgres(db)
    ? { sql: '= any(?::text[])', binding: values }
    : {
        sql: 'in (select value from json_each(?))',
        binding: JSON.stringify(values),
      };
}

/** {@link inMany} as a `where` of a query. */
export function whereInMany(
  db: Knex,
  query: Knex.QueryBuilder,
  column: string,
  values: string[],
): Knex.QueryBuilder {
  const { sql, binding } = inMany(db, values);
  return query.whereRaw(`?? ${sql}`, [column, binding]);
}
