import { REQUIRED_COLUMNS, OPTIONAL_COLUMNS } from '../focusColumns';
import { SAFE_NAME } from '../LineItemAllocator';

type Column =
  | (typeof REQUIRED_COLUMNS)[number]
  | (typeof OPTIONAL_COLUMNS)[number];

/**
 * Code points of the whitespace JavaScript's `String.prototype.trim`
 * removes: a value that starts or ends with one is left to the JavaScript
 * parser. Compared as numbers, not by a regular expression: ten text
 * columns per row made that one of the ingest's dearest checks. Looked up
 * with `list_contains`: DuckDB plans an `IN` list this long as a join per
 * column, which ran out of the ingest's memory.
 */
const JS_WHITESPACE_CODES = [
  0x09,
  0x0a,
  0x0b,
  0x0c,
  0x0d,
  0x20,
  0xa0,
  0x1680,
  ...Array.from({ length: 11 }, (_, i) => 0x2000 + i),
  0x2028,
  0x2029,
  0x202f,
  0x205f,
  0x3000,
  0xfeff,
].join(', ');
/**
 * Decimals the JavaScript parser reads exactly as DuckDB's cast to
 * DECIMAL(18, 9) does: both round past the ninth decimal half away from
 * zero (no exponent; a whole part of at most nine digits).
 */
const PLAIN_DECIMAL = '[+-]?([0-9]{1,9}(\\.[0-9]{0,18})?|\\.[0-9]{1,18})';
/** UTC date-times without fraction or offset: their day is their first ten characters. */
const UTC_DATE_TIME =
  '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?)?Z?';
/**
 * An entity ref of {@link SAFE_NAME} characters, `[kind:][namespace/]name`,
 * its three parts captured in one match; the 63-character limit of each
 * part is checked apart, since counted repetitions make the regular
 * expression far slower.
 */
const PART = '[A-Za-z0-9][A-Za-z0-9_.-]*';
const REF_PARTS = `^(?:(${PART}):)?(?:(${PART})/)?(${PART})$`;
const SAFE_LENGTH = Number(/\{0,(\d+)\}/.exec(SAFE_NAME.source)![1]) + 1;
const MAX_VALUE_LENGTH = 2048;

/** Parameters of {@link focusLoadSql}'s statement, in order ($1 … $5). */
export interface FocusLoadParameters {
  /** The CSV file. */
  path: string;
  /** JSON paths of the allocation tags (`$."key"`). */
  entityTagPath: string;
  teamTagPath: string;
  costCenterTagPath: string;
  gpuClassTagPath: string;
}

/** The JSON path of a tag key, or null when the key needs escaping (left to JavaScript). */
export function tagPath(key: string): string | null {
  return /^[A-Za-z0-9_./:@-]{1,128}$/.test(key) ? `$."${key}"` : null;
}

/**
 * The statement that reads a FOCUS file with DuckDB and yields one row per
 * record: the values the cost tables keep, allocated to an entity and team,
 * and `suspect`, true for every row the JavaScript parser
 * ({@link FocusRowParser}) might read differently or reject. A file with a
 * suspect row is ingested by the JavaScript path, which names each problem,
 * so this path never has to reproduce its messages; a clean row's values are
 * exactly the JavaScript parser's and allocator's.
 *
 * Only generated identifiers (`c0` … `cN`, from the header's positions) and
 * constants are written into the SQL; the file's path and the tag keys are
 * parameters, and the file's content is data. Reads the tables
 * `alloc_owners(entity_ref, team)` and `alloc_sub_accounts(sub_account_id, team)`.
 */
export function focusLoadSql(header: string[], maxRecordBytes: number): string {
  if (!Number.isSafeInteger(maxRecordBytes) || maxRecordBytes < 1) {
    throw new Error('maxRecordBytes must be a positive whole number');
  }
  const names = header.map(h => h.trim());
  const ref = (column: Column): string | null => {
    const i = names.indexOf(column);
    return i < 0 ? null : `c${i}`;
  };
  const raw = (column: Column) => ref(column) ?? 'NULL::VARCHAR';
  const value = (column: Column) =>
    `NULLIF(NULLIF(${raw(column)}, ''), 'NULL')`;
  const columns = header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const texts: Column[] = [
    'BillingAccountId',
    'ProviderName',
    'ServiceName',
    'SubAccountId',
    'SubAccountName',
    'ServiceCategory',
    'ResourceId',
    'SkuId',
    'RegionId',
    'Tags',
  ];
  const padded = texts
    .filter(c => ref(c))
    .map(
      c =>
        `list_contains([${JS_WHITESPACE_CODES}], unicode(${raw(c)}))
          OR list_contains([${JS_WHITESPACE_CODES}], unicode(right(${raw(
          c,
        )}, 1)))`,
    );
  const tooLong = texts
    .filter(c => c !== 'Tags' && ref(c))
    .map(c => `strlen(${raw(c)}) > ${MAX_VALUE_LENGTH}`);
  const decimal = (c: Column) =>
    `NOT coalesce(regexp_full_match(${raw(
      c,
    )}, '${PLAIN_DECIMAL}') AND TRY_CAST(${raw(
      c,
    )} AS DECIMAL(18, 9)) IS NOT NULL, false)`;
  const dateTime = (c: Column) =>
    `NOT coalesce(regexp_full_match(${raw(
      c,
    )}, '${UTC_DATE_TIME}') AND TRY_CAST(${raw(
      c,
    )} AS TIMESTAMP) IS NOT NULL, false)`;
  const ts = (c: Column) => `TRY_CAST(${raw(c)} AS TIMESTAMP)`;
  const rawTags = raw('Tags');
  /** The Tags JSON when it is an object; DuckDB's JSON functions throw on malformed text. */
  const tags = 'tags_json';
  /** A tag's JSON value must be a string or absent: JavaScript writes other values with JSON.stringify. */
  const tagKind = (i: number) =>
    `coalesce(tag_types[${i}] NOT IN ('VARCHAR', 'NULL'), false)`;
  const suspect = [
    ...padded,
    ...tooLong,
    decimal('BilledCost'),
    decimal('EffectiveCost'),
    `NOT coalesce(regexp_full_match(${raw(
      'BillingCurrency',
    )}, '[A-Z]{3}'), false)`,
    dateTime('BillingPeriodStart'),
    dateTime('BillingPeriodEnd'),
    dateTime('ChargePeriodStart'),
    dateTime('ChargePeriodEnd'),
    `coalesce(${ts('BillingPeriodEnd')} <= ${ts('BillingPeriodStart')}, false)`,
    `coalesce(${ts('ChargePeriodEnd')} < ${ts('ChargePeriodStart')}, false)`,
    `coalesce(${raw(
      'ChargeCategory',
    )} NOT IN ('Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'), true)`,
    `${value('ProviderName')} IS NULL`,
    `${value('ServiceName')} IS NULL`,
    `${value('BillingAccountId')} IS NULL`,
    `(${value('Tags')} IS NOT NULL AND ${tags} IS NULL)`,
    ...[1, 2, 3, 4].map(tagKind),
    // A tag value that is not a well-formed ref may be one after trimming: JavaScript decides.
    `(entity_tag IS NOT NULL AND refs.entity_ref IS NULL)`,
    `(team_tag IS NOT NULL AND refs.team_ref IS NULL)`,
    // JavaScript cuts these by UTF-16 units; longer ones are left to it.
    `coalesce(strlen(cost_center) > 128 OR strlen(gpu_class) > 64, false)`,
  ];
  /** The ref key (lower case, defaults filled in) of a tag's parts when well formed, else null. */
  const refKey = (parts: string, defaultKind: string) => `CASE
    WHEN ${parts}.name <> '' AND strlen(${parts}.kind) <= ${SAFE_LENGTH}
      AND strlen(${parts}.namespace) <= ${SAFE_LENGTH} AND strlen(${parts}.name) <= ${SAFE_LENGTH}
    THEN lower(coalesce(NULLIF(${parts}.kind, ''), '${defaultKind}') || ':'
      || coalesce(NULLIF(${parts}.namespace, ''), 'default') || '/' || ${parts}.name)
    END`;
  const refParts = (tag: string) =>
    `regexp_extract(${tag}, '${REF_PARTS}', ['kind', 'namespace', 'name'])`;
  return `
WITH raw AS (
  -- A window over the bare scan runs it in one thread, in file order: the
  -- row's number in the file (from 1), which its line-item id is made from.
  SELECT *, row_number() OVER () AS line_number
  FROM read_csv($1, header = false, skip = 1, auto_detect = false,
    delim = ',', quote = '"', escape = '"', strict_mode = true,
    max_line_size = ${maxRecordBytes}, columns = {${columns}})
), objects AS (
  SELECT *,
    CASE WHEN try(json_type(${rawTags})) = 'OBJECT' THEN ${rawTags} END AS tags_json
  FROM raw
), tag_lists AS (
  -- Each JSON function parses the text again: two lists of four paths parse it twice.
  SELECT *,
    list_transform([${tags}], t -> json_extract_string(t, [$2, $3, $4, $5]))[1] AS tag_values,
    list_transform([${tags}], t -> json_type(t, [$2, $3, $4, $5]))[1] AS tag_types
  FROM objects
), tagged AS (
  SELECT *,
    NULLIF(tag_values[1], '') AS entity_tag,
    NULLIF(tag_values[2], '') AS team_tag,
    tag_values[3] AS cost_center,
    tag_values[4] AS gpu_class
  FROM tag_lists
), parts AS (
  -- One match per tag gives its kind, namespace and name ('' when absent,
  -- all '' when the tag is not a ref).
  SELECT *,
    ${refParts('entity_tag')} AS entity_parts,
    ${refParts('team_tag')} AS team_parts
  FROM tagged
), refs AS (
  SELECT *,
    ${refKey('entity_parts', 'component')} AS entity_ref,
    ${refKey('team_parts', 'group')} AS team_ref
  FROM parts
)
SELECT
  ${value('ProviderName')} AS provider,
  ${value('BillingAccountId')} AS billing_account_id,
  left(${raw('BillingPeriodStart')}, 10) AS billing_period,
  left(${raw('ChargePeriodStart')}, 10) AS day,
  ${value('SubAccountId')} AS sub_account_id,
  ${value('SubAccountName')} AS sub_account_name,
  ${value('ServiceName')} AS service_name,
  ${value('ServiceCategory')} AS service_category,
  ${raw('ChargeCategory')} AS charge_category,
  ${value('ResourceId')} AS resource_id,
  ${value('SkuId')} AS sku_id,
  ${value('RegionId')} AS region_id,
  ${raw('BillingCurrency')} AS currency,
  TRY_CAST(${raw('BilledCost')} AS DECIMAL(18, 9)) AS billed_cost,
  TRY_CAST(${raw('EffectiveCost')} AS DECIMAL(18, 9)) AS effective_cost,
  refs.entity_ref,
  coalesce(refs.team_ref, o.team, s.team, 'unallocated') AS team,
  cost_center,
  gpu_class,
  line_number,
  (${suspect.join('\n    OR ')}) AS suspect
FROM refs
LEFT JOIN alloc_owners o ON o.entity_ref = refs.entity_ref
LEFT JOIN alloc_sub_accounts s ON s.sub_account_id = ${value('SubAccountId')}`;
}
