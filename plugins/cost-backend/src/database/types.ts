import { Budget, CostMetric, IngestRun } from '@ai-platform/plugin-cost-common';
import { AllocatedLineItem } from '../ingest/types';

/** Dimensions of the daily roll-up a query may group by. */
export type DailyDimension =
  | 'team'
  | 'entity_ref'
  | 'service_name'
  | 'provider'
  | 'gpu_class'
  | 'sub_account_id';

/** Which rows of the daily roll-up a query reads. */
export interface DailyFilter {
  /** Teams (group refs) whose costs count; all teams when absent. */
  teams?: string[];
  /** One entity's costs. */
  entityRef?: string;
  /** First day, inclusive. */
  from: string;
  /** Last day, inclusive. */
  to: string;
}

/** A row of a daily roll-up query. */
export interface DailyAmount {
  day: string;
  /** The value of the grouped dimension, when grouped. */
  key: string | null;
  currency: string;
  /** The exact sum, in nano-units (10⁻⁹ of the currency). */
  nanos: bigint;
  /** The same sum in currency units, the nearest double to the exact one. */
  amount: number;
}

/** GPU allocation of one grant on one day, priced. */
export interface GpuDailyRow {
  day: string;
  cluster: string;
  entityRef: string | null;
  team: string;
  gpuClass: string;
  grantId: string;
  /** GPU-hours granted that day (a quantity, not money). */
  gpuHoursAllocated: number;
  /** The used share of `gpuHoursAllocated`. */
  gpuHoursUsed: number;
  /** The rate card's price of one GPU-hour, in nano-units. */
  hourlyRateNanos: bigint;
  /** Price of the GPU-hours granted, in nano-units. */
  allocatedCostNanos: bigint;
  /** The used share of `allocatedCostNanos`, in nano-units. */
  usedCostNanos: bigint;
  currency: string;
}

/** A stored ingest run, with the key of the scanned file. */
export interface StoredIngestRun extends IngestRun {
  fileKey: string | null;
}

/** Thrown by `ingestBilling`'s `beforeCommit` to roll the ingest back. */
export class IngestRefusedError extends Error {
  /** Whether the rows' own problems were already reported. */
  readonly rowLevel: boolean;
  constructor(message: string, options: { rowLevel?: boolean } = {}) {
    super(message);
    this.rowLevel = options.rowLevel ?? false;
    this.name = 'IngestRefusedError';
  }
}

/** What an ingest stored. */
export interface IngestResult {
  rows: number;
  billingPeriods: string[];
  /** Parquet line-item files no billing period refers to any more: delete them after the commit. */
  releasedFiles?: string[];
}

/** A file's line items in a Parquet file, rolled up, stored by {@link BillingStore.replaceBillingRollups}. */
export interface BillingRollupIngest {
  runId: string;
  /** The file's (provider, billing account, billing period)s with their line items. */
  periods: Array<{
    provider: string;
    account: string;
    period: string;
    lineItems: number;
    /** The first and last day of the period's line items. */
    firstDay: string;
    lastDay: string;
  }>;
  /** The Parquet file (a name under `cost.ingest.lineItemsDirectory`) holding them. */
  fileName: string;
  /** The file's billing rows of `cost_daily`, in the order of `DAILY_ROLLUP_COLUMNS` (dailyRollupRows.ts). */
  rows: AsyncIterable<Array<Array<string | null>>>;
  beforeCommit: () => void;
  completeRun: (result: IngestResult) => StoredIngestRun;
}

/** Billing line items and their daily roll-up, written one file at a time. */
export interface BillingStore {
  /**
   * Stores the line items of one file in one transaction, replacing every
   * (provider, billing account, billing period) the file contains, and
   * recomputes their daily roll-up. `beforeCommit` may throw to roll back.
   * The run `completeRun` returns is written in the same transaction, so a
   * run is `succeeded` exactly when its rows are stored.
   */
  ingestBilling(options: {
    runId: string;
    batches: AsyncIterable<AllocatedLineItem[]>;
    beforeCommit: () => void;
    completeRun: (result: IngestResult) => StoredIngestRun;
  }): Promise<IngestResult>;

  /**
   * Stores a file whose line items are in a Parquet file (DuckDB ingest): in
   * one transaction, replaces its periods as `ingestBilling` does (their line
   * items in the database go too), writes its daily roll-up rows and points
   * the periods at the Parquet file.
   */
  replaceBillingRollups(options: BillingRollupIngest): Promise<IngestResult>;
}

/** Reads of the daily roll-up (billing and Kubernetes GPU cost). */
export interface DailyCostStore {
  /**
   * Sums of the daily roll-up, by day and optionally one dimension. With
   * `grain: 'month'` rows may instead come by month (`day` is the month's
   * first day), from the monthly team roll-up, when that answers exactly
   * (whole months, no entity, no dimension but team): for callers that
   * bucket by month anyway.
   */
  queryDaily(options: {
    filter: DailyFilter;
    groupBy?: DailyDimension;
    metric: CostMetric;
    grain?: 'day' | 'month';
  }): Promise<DailyAmount[]>;

  /**
   * The sum of the daily roll-up within the filter, every currency together,
   * in nano-units: one row read, for a total with no buckets (a report's
   * previous period).
   */
  totalNanos(options: {
    filter: DailyFilter;
    metric: CostMetric;
  }): Promise<bigint>;

  /** Days with data within the filter, at most the last one. */
  lastDay(filter: DailyFilter): Promise<string | null>;
}

/** Which line items a drill-down reads: a team's or entity's days, narrowed. */
export interface LineItemFilter extends DailyFilter {
  service?: string;
  subAccount?: string;
  provider?: string;
}

/** A stored line item as a drill-down shows it. */
export interface StoredLineItem {
  id: string;
  day: string;
  provider: string;
  billingAccountId: string;
  subAccountId: string | null;
  serviceName: string;
  chargeCategory: string;
  resourceId: string | null;
  skuId: string | null;
  regionId: string | null;
  currency: string;
  billedCostNanos: bigint;
  effectiveCostNanos: bigint;
  entityRef: string | null;
  team: string;
}

/** The line items behind the roll-ups, for drill-down. */
export interface LineItemStore {
  /** Up to `limit` line items in (day, id) order, after a position when given. */
  pageLineItems(options: {
    filter: LineItemFilter;
    limit: number;
    after?: { day: string; id: string };
  }): Promise<StoredLineItem[]>;
  /** Every line item the filter selects, in (day, id) order, a batch at a time. */
  streamLineItems(filter: LineItemFilter): AsyncIterable<StoredLineItem[]>;
}

/** A (provider, billing account, billing period) a Parquet file is current for. */
export interface FilePeriod {
  provider: string;
  account: string;
  period: string;
}

/** A Parquet line-item file of the DuckDB ingest and the periods it is current for. */
export interface LineItemFileSelection {
  /** The file's name under `cost.ingest.lineItemsDirectory`. */
  fileName: string;
  /** The id of the file's first line (line number 1, or row 0 of an unnumbered file). */
  firstLineItemId: bigint;
  /** Whether the file has `line_number`; ids of a file without follow its row order. */
  lineNumbered: boolean;
  periods: FilePeriod[];
  /** Line items of those periods; the file's row count when no period of it was replaced. */
  currentLineItems: number;
}

/** Which Parquet line-item files are current (`cost_line_item_files`). */
export interface LineItemFileIndex {
  /** The current files whose periods may hold line items of the filter. */
  currentFiles(filter: LineItemFilter): Promise<LineItemFileSelection[]>;
  /** Every file name a billing period refers to. */
  referencedFiles(): Promise<Set<string>>;
}

/** Kubernetes GPU allocation, priced by the rate card. */
export interface GpuCostStore {
  /** Replaces the Kubernetes GPU allocation of a range of days. */
  replaceGpuDays(options: {
    from: string;
    to: string;
    rows: GpuDailyRow[];
  }): Promise<void>;

  /** GPU allocation rows within a filter. */
  queryGpu(filter: DailyFilter): Promise<GpuDailyRow[]>;
}

/** One consuming team's share of a model server's GPU cost on one day. */
export interface ServingSplitRow {
  day: string;
  cluster: string;
  namespace: string;
  serverAddress: string;
  serverEntityRef: string | null;
  serverOwner: string | null;
  /** A group ref, or `unattributed`. */
  consumerTeam: string;
  inputTokens: bigint;
  outputTokens: bigint;
  costNanos: bigint;
  /** The server's GPU cost of the day: the sum of its rows' `costNanos`. */
  serverCostNanos: bigint;
  currency: string;
  /** How the cost was split (`tokens`). */
  splitMethod: string;
}

/** Daily inference chargeback: model servers' cost split by consuming team. */
export interface ServingSplitStore {
  /**
   * Replaces one day's splits in one transaction; `complete` records the
   * day as done (computed from an answer without errors).
   */
  replaceServingDay(options: {
    day: string;
    rows: ServingSplitRow[];
    complete: boolean;
    servers: number;
    computedAt: string;
  }): Promise<void>;
  /** The days from `from` to `to` recorded as complete. */
  completeDays(from: string, to: string): Promise<string[]>;
  /** Splits from `from` to `to`, optionally of some consuming teams only. */
  querySplits(filter: {
    from: string;
    to: string;
    teams?: string[];
  }): Promise<ServingSplitRow[]>;
}

/** Who runs an ingest, and when a silent owner counts as gone. */
export interface RunLease {
  /** The backend process running it (`replicaId()`). */
  owner: string;
  /** A `running` run whose heartbeat is older than this (ISO 8601) is failed. */
  staleBefore: string;
}

/**
 * Ingest runs, and which scanned files were already read. A run is stored
 * as it starts and its owner renews its heartbeat, so every replica sees
 * runs in progress and can tell one whose process died.
 */
export interface IngestRunStore {
  /**
   * Stores a starting run; first fails runs whose heartbeat stopped. A run
   * of a scanned file is refused (false) while another run of the same file
   * is running or has succeeded or been refused, so replicas scanning one
   * folder read each file once.
   */
  claimRun(run: StoredIngestRun, lease: RunLease): Promise<boolean>;
  /** Stores a running run's progress and heartbeat; false when it is no longer running under `owner`. */
  heartbeat(run: StoredIngestRun, owner: string, at: string): Promise<boolean>;
  /** Stores a run as it ended (or inserts it). */
  saveRun(run: StoredIngestRun): Promise<void>;
  /** Forgets a run (a refused upload leaves nothing behind). */
  deleteRun(id: string): Promise<void>;
  /** Marks `running` runs whose heartbeat is older than `staleBefore` failed; returns how many. */
  failStaleRuns(staleBefore: string, now: string): Promise<number>;
  listRuns(limit: number): Promise<StoredIngestRun[]>;
  getRun(id: string): Promise<StoredIngestRun | undefined>;
  hasFileKey(fileKey: string): Promise<boolean>;
  /** Ids of the runs stored as running (on any replica), live or not yet found stale. */
  runningRunIds(): Promise<string[]>;
}

/** A budget with its exact amount: `amount` is `amountNanos` as a double, for answers. */
export type ExactBudget = Budget & {
  /** The monthly amount in nano-units (10⁻⁹ of `currency`). */
  amountNanos: bigint;
};

/** A stored budget with the month it last notified about. */
export type StoredBudget = ExactBudget & { notifiedMonth: string | null };

/** What a budget change stores: the amount in nano-units only. */
export type BudgetRecord = Omit<Budget, 'id' | 'amount'> & {
  amountNanos: bigint;
};

/** Group budgets. */
export interface BudgetStore {
  listBudgets(groupRefs?: string[]): Promise<StoredBudget[]>;
  getBudget(id: string): Promise<ExactBudget | undefined>;
  createBudget(budget: BudgetRecord): Promise<ExactBudget>;
  updateBudget(id: string, budget: BudgetRecord): Promise<ExactBudget>;
  deleteBudget(id: string): Promise<void>;
  markBudgetNotified(id: string, month: string): Promise<void>;
}

/** The cost plugin's stores, one per concern, over one database. */
export interface CostStores {
  billing: BillingStore;
  daily: DailyCostStore;
  /** Line items for drill-down: the database's, and the Parquet files' when opened with them. */
  lineItems: LineItemStore;
  lineItemFiles: LineItemFileIndex;
  gpu: GpuCostStore;
  runs: IngestRunStore;
  budgets: BudgetStore;
  servingSplits: ServingSplitStore;
}
