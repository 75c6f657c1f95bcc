import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import { Knex } from 'knex';
import { GpuRequestPermissionQuery } from './types';

const PERMISSION_COLUMNS: Record<
  GpuRequestPermissionQuery['property'],
  string
> = {
  requestedBy: 'requested_by',
  team: 'team',
};

/** Turns permission criteria into a where clause; empty `anyOf` matches nothing. */
export function applyCriteria(
  builder: Knex.QueryBuilder,
  criteria: PermissionCriteria<GpuRequestPermissionQuery>,
): void {
  if (isAndCriteria(criteria)) {
    for (const sub of criteria.allOf) {
      builder.andWhere(inner => applyCriteria(inner, sub));
    }
  } else if (isOrCriteria(criteria)) {
    if (criteria.anyOf.length === 0) {
      builder.whereRaw('1 = 0');
      return;
    }
    for (const sub of criteria.anyOf) {
      builder.orWhere(inner => applyCriteria(inner, sub));
    }
  } else if (isNotCriteria(criteria)) {
    builder.whereNot(inner => applyCriteria(inner, criteria.not));
  } else {
    whereRefIn(builder, PERMISSION_COLUMNS[criteria.property], criteria.values);
  }
}

/**
 * Entity refs compare case-insensitively: the column, lower-cased in SQL,
 * is one of the values, lower-cased. Requests store refs lower case since
 * they were first written, so this also matches rows written by hand or by
 * an older version, without a migration. An empty list matches nothing.
 */
export function whereRefIn<Q extends Knex.QueryBuilder>(
  builder: Q,
  column: string,
  values: string[],
): Q {
  if (values.length === 0) {
    return builder.whereRaw('1 = 0') as Q;
  }
  const lower = [...new Set(values.map(v => v.toLocaleLowerCase('en-US')))];
  return builder.whereRaw(`lower(??) in (${lower.map(() => '?').join(', ')})`, [
    column,
    ...lower,
  ]) as Q;
}
