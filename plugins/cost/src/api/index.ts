export { costApiRef } from './CostApi';
export type { CostApi } from './CostApi';
export { CostClient } from './CostClient';
export type {
  CostReportRequest,
  IdleWasteRequest,
  InferenceUsageRequest,
  TopSpendersRequest,
} from './types';
