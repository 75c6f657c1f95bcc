/**
 * Cost for the AI Platform Portal: the "Cost" card of Components, Resources,
 * Systems and Groups, the "Cost" tab of Groups for managers, the `/cost`
 * explorer, and a Cost Insights API implementation over the cost backend.
 * This entry point serves apps on the legacy frontend system; the new
 * frontend system's plugin is the default export of `./alpha`.
 *
 * @packageDocumentation
 */

export {
  costPlugin,
  CostExplorerPage,
  EntityCostCard,
  EntityGroupCostContent,
} from './plugin';
export { rootRouteRef as costRouteRef } from './routes';
export { costApiRef, CostClient } from './api';
export type {
  CostApi,
  CostReportRequest,
  IdleWasteRequest,
  InferenceUsageRequest,
  TopSpendersRequest,
} from './api';
export {
  CostInsightsClient,
  costInsightsApiRef,
  COST_INSIGHTS_METRICS,
  AlertStatus,
  Duration,
} from './costInsights';
export type {
  Alert,
  AlertForm,
  AlertFormProps,
  AlertOptions,
  ChangeStatistic,
  Cost,
  CostInsightsApi,
  DateAggregation,
  Entity,
  Group,
  Maybe,
  Metric,
  MetricData,
  Product,
  ProductInsightsOptions,
  Project,
  Trendline,
} from './costInsights';
