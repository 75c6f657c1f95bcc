/**
 * Response types of the cost backend's REST API (see the cost-backend README
 * for the route table).
 */

/** Time bucket of a cost series. @public */
export type CostGranularity = 'day' | 'week' | 'month';

/** How a cost series is split. @public */
export type CostSplit =
  | 'service'
  | 'provider'
  | 'gpuClass'
  | 'childTeam'
  | 'subAccount'
  | 'entity';

/**
 * Which FOCUS cost column is summed: `billed` (BilledCost, the default) or
 * `effective` (EffectiveCost, amortised).
 *
 * @public
 */
export type CostMetric = 'billed' | 'effective';

/** One bucket of a series; `date` is the bucket's first day (YYYY-MM-DD). @public */
export interface CostPoint {
  /** The bucket's first day, YYYY-MM-DD. */
  date: string;
  /** The bucket's cost. */
  amount: number;
}

/** A named series of a split. @public */
export interface CostSeries {
  /** The split value: a service name, provider, GPU class, group ref, entity ref or sub-account id. */
  key: string;
  /** A human label for `key` (a group's display name for `childTeam`). */
  label: string;
  /** Sum over the whole range. */
  total: number;
  /** One point per bucket, zero-filled. */
  points: CostPoint[];
}

/** Change against the previous period of the same length. @public */
export interface CostChange {
  /** Total of the previous period. */
  previousTotal: number;
  /** `total - previousTotal`. */
  amount: number;
  /** `amount / previousTotal`, or null when the previous total is 0. */
  ratio: number | null;
}

/** Response of `GET /costs`. @public */
export interface CostReport {
  /** The entity or group asked for, normalised (`group:default/products`). */
  entityRef: string;
  /** Whether the subject is a group (its own and its descendants' costs) or another entity. */
  subjectKind: 'group' | 'entity';
  /** First day, inclusive (YYYY-MM-DD). */
  from: string;
  /** Last day, inclusive (YYYY-MM-DD). */
  to: string;
  /** The bucket size of `points` and `series`. */
  granularity: CostGranularity;
  /** The FOCUS cost column summed. */
  metric: CostMetric;
  /** ISO 4217 currency of the amounts (the billing currency; mixed currencies are not converted). */
  currency: string;
  /** Sum over the whole range. */
  total: number;
  /** Change against the previous period of the same length. */
  change: CostChange;
  /** Totals per bucket, zero-filled. */
  points: CostPoint[];
  /** The split asked for, if any. */
  splitBy?: CostSplit;
  /** Series per split value, largest total first; empty without `splitBy`. */
  series: CostSeries[];
}

/** Response of `GET /forecast`. @public */
export interface CostForecast {
  /** The entity or group asked for, normalised. */
  entityRef: string;
  /** The month forecast (YYYY-MM), the current month in UTC. */
  month: string;
  /** ISO 4217 currency of the amounts. */
  currency: string;
  /** Cost so far this month (through the last day with data). */
  monthToDate: number;
  /** Linear projection of the month-to-date daily average to the end of the month. */
  forecast: number;
  /** The last day with cost data, or null when there is none this month. */
  lastDataDay: string | null;
  /** The group's monthly budget, if one is set. */
  budget: number | null;
  /** Whether `forecast` exceeds `budget`. */
  overBudget: boolean;
}

/** A row of `GET /top-spenders`. @public */
export interface TopSpender {
  /** A group ref (by `team`), entity ref (by `entity`) or service name (by `service`). */
  key: string;
  /** A human label for `key`. */
  label: string;
  /** Cost over the range. */
  amount: number;
  /** Total of the previous period of the same length. */
  previousAmount: number;
}

/** Response of `GET /top-spenders`. @public */
export interface TopSpendersResponse {
  /** The group or entity whose spend is ranked, normalised. */
  entityRef: string;
  /** First day, inclusive (YYYY-MM-DD). */
  from: string;
  /** Last day, inclusive (YYYY-MM-DD). */
  to: string;
  /** What the rows are: child teams, entities or services. */
  by: 'team' | 'entity' | 'service';
  /** ISO 4217 currency of the amounts. */
  currency: string;
  /** The rows, largest amount first. */
  items: TopSpender[];
}

/** GPU cost of one entity, team and GPU class, allocated vs used. @public */
export interface IdleWasteItem {
  /** The entity (component) the GPUs were granted to, or `unallocated`. */
  entityRef: string;
  /** The team (group ref) of the grant. */
  team: string;
  /** GPU class or `class/mig-profile`. */
  gpuClass: string;
  /** GPU-hours granted. */
  gpuHoursAllocated: number;
  /** GPU-hours weighted by utilisation. */
  gpuHoursUsed: number;
  /** Cost of the granted GPU-hours at the rate card's price. */
  allocatedCost: number;
  /** Cost of the used GPU-hours. */
  usedCost: number;
  /** `allocatedCost - usedCost`: money spent on idle GPUs. */
  idleCost: number;
}

/** Response of `GET /idle-waste`. @public */
export interface IdleWasteReport {
  /** The group or entity asked for, normalised. */
  entityRef: string;
  /** First day, inclusive (YYYY-MM-DD). */
  from: string;
  /** Last day, inclusive (YYYY-MM-DD). */
  to: string;
  /** ISO 4217 currency of the amounts. */
  currency: string;
  /** GPU-hours granted, over all items. */
  gpuHoursAllocated: number;
  /** GPU-hours weighted by utilisation, over all items. */
  gpuHoursUsed: number;
  /** Cost of the granted GPU-hours, over all items. */
  allocatedCost: number;
  /** Cost of the used GPU-hours, over all items. */
  usedCost: number;
  /** `allocatedCost - usedCost`, over all items. */
  idleCost: number;
  /** Per entity, team and GPU class, largest idle cost first. */
  items: IdleWasteItem[];
  /** Idle cost per day (YYYY-MM-DD), zero-filled. */
  points: CostPoint[];
}

/** A group in the cost hierarchy. @public */
export interface CostGroup {
  /** Group ref, e.g. `group:default/products`. */
  ref: string;
  /** Display name (or the name). */
  title: string;
  /** Group type (`team`, `department`, `organization`, ...). */
  type: string;
  /** Parent group ref, or null at the root. */
  parentRef: string | null;
  /** Child group refs. */
  childRefs: string[];
}

/** Response of `GET /groups`: the groups whose costs the caller may read. @public */
export interface CostGroupsResponse {
  /** The groups. */
  groups: CostGroup[];
}

/** A monthly budget of a group. @public */
export interface Budget {
  /** The budget's id. */
  id: string;
  /** Group ref the budget applies to (its descendants' costs count). */
  groupRef: string;
  /** Monthly amount in `currency`. */
  amount: number;
  /** ISO 4217 currency of `amount`. */
  currency: string;
  /** User ref of the last editor. */
  updatedBy: string;
  /** ISO timestamp of the last change. */
  updatedAt: string;
}

/** A budget together with this month's spend and forecast. @public */
export interface BudgetStatus extends Budget {
  /** The group's cost so far this month. */
  monthToDate: number;
  /** The group's forecast cost for this month. */
  forecast: number;
  /** Whether `forecast` exceeds `amount`. */
  overBudget: boolean;
}

/** Response of `GET /budgets`. @public */
export interface BudgetsResponse {
  /** The budgets. */
  budgets: BudgetStatus[];
}

/** Where an ingested file came from. @public */
export type IngestSource = 'upload' | 'folder' | 'kubernetes';

/** State of an ingest run. @public */
export type IngestRunStatus = 'running' | 'succeeded' | 'refused' | 'failed';

/** One rejected row or file-level problem. @public */
export interface IngestRowError {
  /** 1-based physical line of the file where the record starts (0 for file-level problems). */
  line: number;
  /** FOCUS column, when the problem is in one column. */
  column?: string;
  /** What is wrong, e.g. `not a decimal number: "12,5x"`. */
  reason: string;
}

/** An ingest run (one file). @public */
export interface IngestRun {
  /** The run's id. */
  id: string;
  /** Where the file came from. */
  source: IngestSource;
  /** File name (without directories). */
  fileName: string;
  /** The run's state. */
  status: IngestRunStatus;
  /** ISO timestamp. */
  startedAt: string;
  /** ISO timestamp, when finished. */
  finishedAt: string | null;
  /** Data rows read so far. */
  rowsRead: number;
  /** Rows stored (0 until the run succeeds). */
  rowsIngested: number;
  /** Rows rejected. */
  rowsRejected: number;
  /** Compressed bytes read so far. */
  bytesRead: number;
  /** File size, when known. */
  totalBytes: number | null;
  /** Percent of `totalBytes` read, when known. */
  percent: number | null;
  /** Average rows per second so far. */
  rowsPerSecond: number;
  /** Billing periods (YYYY-MM-DD of BillingPeriodStart) the file replaced. */
  billingPeriods: string[];
  /** FOCUS version detected from the columns (`1.0`, `1.1`, `1.2`). */
  focusVersion: string | null;
  /** Total number of problems found. */
  errorCount: number;
  /** The first problems (at most 100). */
  errors: IngestRowError[];
  /** A summary of why the run was refused or failed. */
  message: string | null;
}

/** Response of `GET /ingest/status`. @public */
export interface IngestStatusResponse {
  /** Runs in progress, then the most recent finished ones, newest first. */
  runs: IngestRun[];
}

/** Response of `POST /ingest/scan`. @public */
export interface IngestScanResponse {
  /** The runs of files that were new or changed. */
  runs: IngestRun[];
}
