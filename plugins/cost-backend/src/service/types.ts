import {
  AuditorServiceCreateEventOptions,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  Budget,
  BudgetInput,
  BudgetsResponse,
  CostForecast,
  CostGroupsResponse,
  CostQuery,
  CostReport,
  FocusExportQuery,
  ForecastQuery,
  IdleWasteQuery,
  IdleWasteReport,
  IngestRun,
  IngestScanResponse,
  IngestStatusResponse,
  TopSpendersQuery,
  TopSpendersResponse,
} from '@ai-platform/plugin-cost-common';
import { Readable } from 'node:stream';
import { ServingCostsService } from '../serving/ServingCostService';
import { DailyFilter } from '../database/types';
import { LineItemsExportQuery, LineItemsQuery } from './lineItemsQuerySchema';

/**
 * Who is calling. `auditRequest` is the incoming request, passed through
 * untouched so audit records keep its address and user agent; services never
 * read it.
 */
export interface CallContext {
  credentials: BackstageCredentials;
  auditRequest?: AuditorServiceCreateEventOptions['request'];
}

/** A normalised subject of a cost query: an entity, or a group and all below it. */
export interface Subject {
  ref: string;
  kind: 'group' | 'entity';
  filter: Omit<DailyFilter, 'from' | 'to'>;
}

/** What an entity or group cost over a range (`GET /costs`, the CSV export). */
export interface CostReportService {
  costs(query: CostQuery, ctx: CallContext): Promise<CostReport>;
  exportCsv(query: CostQuery, ctx: CallContext): Promise<string>;
}

/** A line item as `GET /line-items` answers it; amounts in currency units. */
export interface CostLineItem {
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
  billedCost: number;
  effectiveCost: number;
  entityRef: string | null;
  team: string;
}

/** A page of line items; `next` is the cursor of the following page, if any. */
export interface CostLineItemsPage {
  entityRef: string;
  from: string;
  to: string;
  items: CostLineItem[];
  next: string | null;
}

/** The line items below the roll-ups (`GET /line-items`, its CSV export). */
export interface LineItemService {
  page(query: LineItemsQuery, ctx: CallContext): Promise<CostLineItemsPage>;
  exportCsv(
    query: LineItemsExportQuery,
    ctx: CallContext,
  ): Promise<AsyncIterable<string>>;
}

/** Month-to-date cost projected to the month's end (`GET /forecast`). */
export interface CostForecastService {
  forecast(query: ForecastQuery, ctx: CallContext): Promise<CostForecast>;
}

/** The biggest spenders within a subject (`GET /top-spenders`). */
export interface TopSpendersService {
  topSpenders(
    query: TopSpendersQuery,
    ctx: CallContext,
  ): Promise<TopSpendersResponse>;
}

/** Kubernetes GPU cost allocated vs used (`GET /idle-waste`). */
export interface IdleWasteService {
  idleWaste(query: IdleWasteQuery, ctx: CallContext): Promise<IdleWasteReport>;
}

/** The groups whose costs the caller may read (`GET /groups`). */
export interface CostGroupsService {
  groups(ctx: CallContext): Promise<CostGroupsResponse>;
}

/** Group budgets (`/budgets`). */
export interface BudgetService {
  listBudgets(
    entityRef: string | undefined,
    ctx: CallContext,
  ): Promise<BudgetsResponse>;
  createBudget(input: BudgetInput, ctx: CallContext): Promise<Budget>;
  updateBudget(
    id: string,
    input: BudgetInput,
    ctx: CallContext,
  ): Promise<Budget>;
  deleteBudget(id: string, ctx: CallContext): Promise<void>;
}

/** The scheduled check of forecasts against budgets. */
export interface BudgetAlertService {
  /** Notifies each group whose forecast passes its budget, once a month. */
  checkBudgets(): Promise<string[]>;
}

/** Kubernetes GPU cost as FOCUS rows (`GET /kubernetes/focus.csv`). */
export interface FocusExportService {
  focusExport(query: FocusExportQuery, ctx: CallContext): Promise<string>;
}

/** Uploads, folder scans and ingest status (`/ingest/*`). */
export interface IngestService {
  upload(
    options: { fileName: string; stream: Readable; totalBytes: number | null },
    ctx: CallContext,
  ): Promise<IngestRun>;
  scan(ctx: CallContext): Promise<IngestScanResponse>;
  scanOnSchedule(): Promise<IngestRun[]>;
  status(limit: number, ctx: CallContext): Promise<IngestStatusResponse>;
  run(id: string, ctx: CallContext): Promise<IngestRun>;
}

/** Every service of the cost API, as the router and actions use them. */
export interface CostServices {
  reports: CostReportService;
  forecasts: CostForecastService;
  topSpenders: TopSpendersService;
  idleWaste: IdleWasteService;
  groups: CostGroupsService;
  budgets: BudgetService;
  focusExport: FocusExportService;
  lineItems: LineItemService;
  ingest: IngestService;
  serving: ServingCostsService;
}
