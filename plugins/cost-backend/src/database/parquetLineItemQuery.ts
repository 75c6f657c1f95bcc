import { FilePeriod, LineItemFilter } from './types';

/** A statement parameter: text, a whole number, or a list of text. */
export type QueryParameter =
  | { type: 'varchar'; value: string }
  | { type: 'bigint'; value: bigint }
  | { type: 'varchar[]'; value: string[] };

/** The columns read, in the order of {@link PARQUET_LINE_ITEM_COLUMNS}. */
export const PARQUET_LINE_ITEM_COLUMNS = [
  'id',
  'day',
  'provider',
  'billing_account_id',
  'sub_account_id',
  'service_name',
  'charge_category',
  'resource_id',
  'sku_id',
  'region_id',
  'currency',
  'billed_nanos',
  'effective_nanos',
  'entity_ref',
  'team',
] as const;

/**
 * The DuckDB statement reading one Parquet line-item file for drill-down:
 * only the rows of the periods the file is still current for, the filter's
 * days, teams or entity and narrowing, after a (day, id) position, in
 * (day, id) order, at most `limit` rows. A row's id is the file's first id
 * plus its line number minus one (see `reserveLineItemIds`), or plus its
 * row number in a file written before line numbers. The SQL holds only
 * placeholders and constants: the path and every value are parameters.
 */
export function parquetLineItemQuery(options: {
  path: string;
  firstLineItemId: bigint;
  lineNumbered: boolean;
  /** The periods to read, or `all` when every row of the file is current. */
  periods: FilePeriod[] | 'all';
  filter: LineItemFilter;
  after?: { day: string; id: string };
  limit?: number;
}): { sql: string; parameters: QueryParameter[] } {
  const { filter, periods } = options;
  if (periods !== 'all' && periods.length === 0) {
    throw new Error('a file needs a current period');
  }
  const parameters: QueryParameter[] = [];
  const param = (p: QueryParameter) => {
    parameters.push(p);
    return `$${parameters.length}`;
  };
  const text = (value: string) => param({ type: 'varchar', value });
  const path = text(options.path);
  const first = param({ type: 'bigint', value: options.firstLineItemId });
  const where = [`day >= ${text(filter.from)}`, `day <= ${text(filter.to)}`];
  if (periods !== 'all') {
    where.push(
      `(${periods
        .map(
          p =>
            `(provider = ${text(p.provider)} AND billing_account_id = ${text(
              p.account,
            )} AND billing_period = ${text(p.period)})`,
        )
        .join(' OR ')})`,
    );
  }
  if (filter.teams) {
    where.push(
      `list_contains(${param({
        type: 'varchar[]',
        value: filter.teams,
      })}, team)`,
    );
  }
  if (filter.entityRef) where.push(`entity_ref = ${text(filter.entityRef)}`);
  if (filter.service !== undefined) {
    where.push(`service_name = ${text(filter.service)}`);
  }
  if (filter.subAccount !== undefined) {
    where.push(`sub_account_id = ${text(filter.subAccount)}`);
  }
  if (filter.provider !== undefined) {
    where.push(`provider = ${text(filter.provider)}`);
  }
  if (options.after) {
    const day = text(options.after.day);
    const id = param({ type: 'bigint', value: BigInt(options.after.id) });
    where.push(`(day > ${day} OR (day = ${day} AND id > ${id}))`);
  }
  const limit =
    options.limit === undefined
      ? ''
      : `LIMIT ${param({ type: 'bigint', value: BigInt(options.limit) })}`;
  const sql = `SELECT id::VARCHAR, day, provider, billing_account_id,
  sub_account_id, service_name, charge_category, resource_id, sku_id,
  region_id, currency,
  CAST(billed_cost::DECIMAL(38, 9) * 1000000000 AS BIGINT)::VARCHAR,
  CAST(effective_cost::DECIMAL(38, 9) * 1000000000 AS BIGINT)::VARCHAR,
  entity_ref, team
FROM (
  SELECT *, ${first} + ${
    options.lineNumbered ? 'line_number - 1' : 'file_row_number'
  } AS id
  FROM read_parquet(${path}, file_row_number = true)
)
WHERE ${where.join('\n  AND ')}
ORDER BY day, id
${limit}`;
  return { sql, parameters };
}
