export {
  CostInsightsClient,
  COST_INSIGHTS_METRICS,
} from './CostInsightsClient';
export { costInsightsApiRef } from './costInsightsApiRef';
export { AlertStatus, Duration } from './types';
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
} from './types';
