/** Table names of the cost plugin's database (see `migrations/`). */
export const TABLES = {
  lineItems: 'cost_line_items',
  lineItemFiles: 'cost_line_item_files',
  daily: 'cost_daily',
  teamDaily: 'cost_team_daily',
  teamMonthly: 'cost_team_monthly',
  gpuDaily: 'cost_gpu_daily',
  runs: 'cost_ingest_runs',
  budgets: 'cost_budgets',
  servingSplits: 'cost_serving_splits',
  servingSplitDays: 'cost_serving_split_days',
} as const;
