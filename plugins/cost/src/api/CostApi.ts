import { createApiRef } from '@backstage/core-plugin-api';
import {
  Budget,
  BudgetRequest,
  BudgetStatus,
  CostForecast,
  CostGroup,
  CostMetric,
  CostReport,
  IdleWasteReport,
  InferenceUsage,
  IngestRun,
  TopSpendersResponse,
} from '@ai-platform/plugin-cost-common';
import {
  CostReportRequest,
  IdleWasteRequest,
  InferenceUsageRequest,
  TopSpendersRequest,
} from './types';

/**
 * The cost backend, as the frontend sees it. Every method throws a
 * `ResponseError` from `@backstage/errors` when the backend refuses; a 403
 * means the user may not see that team's costs.
 *
 * @public
 */
export interface CostApi {
  /** Cost of a group or entity over a range, by day, week or month, optionally split. */
  getCosts(request: CostReportRequest): Promise<CostReport>;
  /** The same report as CSV, for download. */
  exportCostsCsv(request: CostReportRequest): Promise<Blob>;
  /** This month so far, the forecast to the end of the month and the budget. */
  getForecast(request: {
    entityRef: string;
    metric?: CostMetric;
  }): Promise<CostForecast>;
  /** The largest teams, entities or services under a group or entity. */
  getTopSpenders(request: TopSpendersRequest): Promise<TopSpendersResponse>;
  /** GPU cost allocated vs used, and the idle waste in money. */
  getIdleWaste(request: IdleWasteRequest): Promise<IdleWasteReport>;
  /**
   * Inference a group (with the groups below it) or an entity used over a
   * window: each model server its components called, their tokens in and
   * out and their share of the server's cost, and the total.
   */
  getInferenceUsage(request: InferenceUsageRequest): Promise<InferenceUsage>;
  /** The groups whose costs the signed-in user may read. */
  getGroups(): Promise<CostGroup[]>;
  /** Budgets with this month's spend and forecast, of one group or of all readable ones. */
  getBudgets(request?: { entityRef?: string }): Promise<BudgetStatus[]>;
  /** Sets a group's monthly budget. */
  createBudget(budget: BudgetRequest): Promise<Budget>;
  /** Changes a budget. */
  updateBudget(id: string, budget: BudgetRequest): Promise<Budget>;
  /** Removes a budget. */
  deleteBudget(id: string): Promise<void>;
  /**
   * Whether the signed-in user may set the budget of a group
   * (`cost.budget.manage` on it), asked of the permission backend.
   */
  canManageBudget(groupRef: string): Promise<boolean>;
  /** Ingest runs in progress, then the most recent finished ones. */
  getIngestStatus(request?: { limit?: number }): Promise<IngestRun[]>;
  /** One ingest run, with its progress and the first rejected rows. */
  getIngestRun(id: string): Promise<IngestRun>;
  /**
   * Ingests a FOCUS billing file (CSV or gzip). A file the backend refuses
   * (too many bad rows, missing columns) resolves with its run, status
   * `refused`, and the reasons.
   */
  uploadBillingFile(request: {
    fileName: string;
    file: Blob;
  }): Promise<IngestRun>;
  /** Ingests the new or changed files of the configured folders. */
  scanBillingFolders(): Promise<IngestRun[]>;
  /** Kubernetes GPU cost of a range as FOCUS 1.2 rows, for finance. */
  exportKubernetesFocusCsv(request: {
    from: string;
    to: string;
  }): Promise<Blob>;
}

/**
 * The utility API reference of {@link CostApi}.
 *
 * @public
 */
export const costApiRef = createApiRef<CostApi>({
  id: 'plugin.cost.service',
});
