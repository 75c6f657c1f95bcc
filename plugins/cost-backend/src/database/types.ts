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
  gpuHoursAllocated: number;
  gpuHoursUsed: number;
  hourlyRate: number;
  allocatedCost: number;
  usedCost: number;
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

/** Billing line items and their daily roll-up, written one file at a time. */
export interface BillingStore {
  /**
   * Stores the line items of one file in one transaction, replacing every
   * (provider, billing account, billing period) the file contains, and
   * recomputes their daily roll-up. `beforeCommit` may throw to roll back.
   */
  ingestBilling(options: {
    runId: string;
    batches: AsyncIterable<AllocatedLineItem[]>;
    beforeCommit: () => void;
  }): Promise<{ rows: number; billingPeriods: string[] }>;
}

/** Reads of the daily roll-up (billing and Kubernetes GPU cost). */
export interface DailyCostStore {
  /** Sums of the daily roll-up, by day and optionally one dimension. */
  queryDaily(options: {
    filter: DailyFilter;
    groupBy?: DailyDimension;
    metric: CostMetric;
  }): Promise<DailyAmount[]>;

  /** Days with data within the filter, at most the last one. */
  lastDay(filter: DailyFilter): Promise<string | null>;
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

/** Ingest runs, and which scanned files were already read. */
export interface IngestRunStore {
  saveRun(run: StoredIngestRun): Promise<void>;
  listRuns(limit: number): Promise<StoredIngestRun[]>;
  getRun(id: string): Promise<StoredIngestRun | undefined>;
  hasFileKey(fileKey: string): Promise<boolean>;
}

/** A stored budget with the month it last notified about. */
export type StoredBudget = Budget & { notifiedMonth: string | null };

/** Group budgets. */
export interface BudgetStore {
  listBudgets(groupRefs?: string[]): Promise<StoredBudget[]>;
  getBudget(id: string): Promise<Budget | undefined>;
  createBudget(budget: Omit<Budget, 'id'>): Promise<Budget>;
  updateBudget(id: string, budget: Omit<Budget, 'id'>): Promise<Budget>;
  deleteBudget(id: string): Promise<void>;
  markBudgetNotified(id: string, month: string): Promise<void>;
}

/** The cost plugin's stores, one per concern, over one database. */
export interface CostStores {
  billing: BillingStore;
  daily: DailyCostStore;
  gpu: GpuCostStore;
  runs: IngestRunStore;
  budgets: BudgetStore;
}
