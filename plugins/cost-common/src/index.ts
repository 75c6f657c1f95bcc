/**
 * Types, request schemas, permissions and constants shared by the cost
 * frontend and backend.
 *
 * @packageDocumentation
 */

export * from './types';
export * from './constants';
export * from './permissions';
export { COST_RULES, costConditions } from './conditions';
export type { CostCondition } from './conditions';
export {
  costQuerySchema,
  costExportQuerySchema,
  forecastQuerySchema,
  topSpendersQuerySchema,
  idleWasteQuerySchema,
  focusExportQuerySchema,
  budgetsQuerySchema,
  budgetInputSchema,
  uploadQuerySchema,
  ingestStatusQuerySchema,
  costDaySchema,
  costEntityRefSchema,
} from './schemas';
export type {
  CostQuery,
  ForecastQuery,
  TopSpendersQuery,
  IdleWasteQuery,
  FocusExportQuery,
  BudgetInput,
  BudgetRequest,
} from './schemas';
export {
  SERVING_WINDOWS,
  servingCostsQuerySchema,
  servingCostsListQuerySchema,
  inferenceUsageQuerySchema,
} from './servingSchemas';
export type {
  ServingWindow,
  ServingCostsQuery,
  ServingCostsListQuery,
  InferenceUsageQuery,
} from './servingSchemas';
export type * from './servingTypes';
export { CostApiClient } from './generated';
export type {
  RequestOptions as CostRequestOptions,
  TypedResponse as CostTypedResponse,
  components as CostApiComponents,
  operations as CostApiOperations,
} from './generated';
