import {
  CostForecast,
  CostGranularity,
  CostReport,
  CostSplit,
  IdleWasteReport,
  InferenceUsage,
  InferenceUsageItem,
} from '@ai-platform/plugin-cost-common';

/** A series of a fixture report: a daily amount per date. */
export interface FixtureSeries {
  key: string;
  label: string;
  amount(date: string): number;
}

function days(from: string, to: string): string[] {
  const result: string[] = [];
  const cursor = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  while (cursor <= end) {
    result.push(cursor.toISOString().slice(0, 10));
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return result;
}

/**
 * A daily cost report as the backend sends it: zero-filled points, series
 * largest first, totals that add up.
 */
export function dailyReport(options: {
  entityRef: string;
  from: string;
  to: string;
  splitBy?: CostSplit;
  series: FixtureSeries[];
  granularity?: CostGranularity;
  currency?: string;
}): CostReport {
  const dates = days(options.from, options.to);
  const series = options.series
    .map(s => {
      const points = dates.map(date => ({ date, amount: s.amount(date) }));
      return {
        key: s.key,
        label: s.label,
        total: points.reduce((sum, p) => sum + p.amount, 0),
        points,
      };
    })
    .sort((a, b) => b.total - a.total);
  const points = dates.map((date, i) => ({
    date,
    amount: series.reduce((sum, s) => sum + s.points[i].amount, 0),
  }));
  const total = points.reduce((sum, p) => sum + p.amount, 0);
  return {
    entityRef: options.entityRef,
    subjectKind: options.entityRef.startsWith('group:') ? 'group' : 'entity',
    from: options.from,
    to: options.to,
    granularity: options.granularity ?? 'day',
    metric: 'billed',
    currency: options.currency ?? 'USD',
    total,
    change: { previousTotal: total, amount: 0, ratio: 0 },
    points,
    splitBy: options.splitBy,
    series: options.splitBy ? series : [],
  };
}

/** An idle-waste report with one item. */
export function idleWaste(options: {
  entityRef: string;
  from: string;
  to: string;
  allocatedCost: number;
  usedCost: number;
}): IdleWasteReport {
  const idleCost = options.allocatedCost - options.usedCost;
  return {
    entityRef: options.entityRef,
    from: options.from,
    to: options.to,
    currency: 'USD',
    gpuHoursAllocated: options.allocatedCost / 4.5,
    gpuHoursUsed: options.usedCost / 4.5,
    allocatedCost: options.allocatedCost,
    usedCost: options.usedCost,
    idleCost,
    items:
      options.allocatedCost === 0
        ? []
        : [
            {
              entityRef: options.entityRef,
              team: 'group:default/conversational-ai',
              gpuClass: 'h100',
              gpuHoursAllocated: options.allocatedCost / 4.5,
              gpuHoursUsed: options.usedCost / 4.5,
              allocatedCost: options.allocatedCost,
              usedCost: options.usedCost,
              idleCost,
            },
          ],
    points: [],
  };
}

/** A forecast of the current month. */
export function forecast(
  entityRef: string,
  overrides: Partial<CostForecast> = {},
): CostForecast {
  return {
    entityRef,
    month: '2026-11',
    currency: 'USD',
    monthToDate: 330,
    forecast: 450,
    lastDataDay: '2026-11-22',
    budget: null,
    overBudget: false,
    ...overrides,
  };
}

/** A model server called by the subject, with its tokens and cost share. */
export const sharedLlmUsage: InferenceUsageItem = {
  serverEntityRef: 'component:default/shared-llm-inference',
  cluster: 'gpu-a',
  namespace: 'ml-platform',
  serverAddress: 'shared-llm-inference.ml-platform.svc',
  models: ['llama-3-1-8b-instruct'],
  inputTokens: 1_250_000,
  outputTokens: 310_000,
  cost: '41.123456789',
};

/** A server without a catalog entity, known by its Service address. */
export const unlistedServerUsage: InferenceUsageItem = {
  serverEntityRef: null,
  cluster: 'gpu-b',
  namespace: 'research',
  serverAddress: 'vllm-70b.research.svc',
  models: ['llama-3-1-70b-instruct', 'llama-guard-3'],
  inputTokens: 90_000,
  outputTokens: 12_000,
  cost: '58.876543211',
};

/** The inference a subject used: the items given and their exact total. */
export function inferenceUsage(
  subjectRef: string,
  items: InferenceUsageItem[] = [],
  total: InferenceUsage['total'] = {
    inputTokens: 0,
    outputTokens: 0,
    cost: '0',
  },
): InferenceUsage {
  return {
    subjectRef,
    window: '30d',
    currency: 'USD',
    items,
    total,
    errors: [],
  };
}
