import { Knex } from 'knex';
import { DailyFilter } from './types';

/** Values per `IN (...)` list. */
const IN_CHUNK = 500;

/** `values` in slices of at most `size`. */
export function chunks<T>(values: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) {
    out.push(values.slice(i, i + size));
  }
  return out;
}

/**
 * `column IN (values)`, split into ORed lists so a long list stays under
 * the engines' limits; an empty list matches nothing.
 */
export function whereInChunked(
  query: Knex.QueryBuilder,
  column: string,
  values: string[],
): Knex.QueryBuilder {
  if (values.length === 0) return query.whereRaw('1 = 0');
  return query.where(inner => {
    for (const part of chunks(values, IN_CHUNK)) {
      inner.orWhereIn(column, part);
    }
  });
}

/** Restricts a query of a daily table to a {@link DailyFilter}. */
export function applyDailyFilter(
  query: Knex.QueryBuilder,
  filter: DailyFilter,
): Knex.QueryBuilder {
  query.where('day', '>=', filter.from).where('day', '<=', filter.to);
  if (filter.entityRef) {
    query.where('entity_ref', filter.entityRef);
  }
  if (filter.teams) {
    whereInChunked(query, 'team', filter.teams);
  }
  return query;
}
