/**
 * The order of a line-item file's rows. Day first: each row group then
 * covers a few days, and its min/max statistics (which DuckDB writes and
 * reads by default) let a drill-down into a month skip every other row
 * group of a file that covers a year. Then team and entity, what the
 * drill-down filters on, so that a day with more rows than a row group
 * (a large monthly or daily file) is narrowed the same way. The line
 * number last makes the order total; line-item ids come from it, not from
 * a row's position, so the order changes no id.
 */
export const LINE_ITEM_FILE_ORDER = 'day, team, entity_ref, line_number';

/**
 * Rows per row group: about a day of a 10,000,000-row yearly file, so a
 * month reads a twelfth of it; smaller groups did not read a month faster
 * and make the footer larger.
 */
export const LINE_ITEM_ROW_GROUP_SIZE = 30_000;

/**
 * The statement writing the rows of `select` (which has the columns of
 * `focusLoadSql`, among them `day`, `team`, `entity_ref` and
 * `line_number`) as a line-item Parquet file, in {@link LINE_ITEM_FILE_ORDER},
 * to the path in parameter `pathParameter` (such as `$6`).
 */
export function lineItemParquetCopy(
  select: string,
  pathParameter: string,
): string {
  if (!/^\$[1-9][0-9]*$/.test(pathParameter)) {
    throw new Error('the path must be a statement parameter');
  }
  return `COPY (
  SELECT * FROM (${select}) ORDER BY ${LINE_ITEM_FILE_ORDER}
) TO ${pathParameter} (FORMAT parquet, COMPRESSION uncompressed,
  ROW_GROUP_SIZE ${LINE_ITEM_ROW_GROUP_SIZE})`;
}
