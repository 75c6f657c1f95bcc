/* eslint-disable no-console */
// The cost frontend's data mapping, with a year of daily data in memory (no
// network): what the Cost Insights adapter and the entity card do with the
// backend's answers for a large group.
//
// 1. CostInsightsClient.getGroupDailyCost over R2/P180D (360 days) of a group
//    with BENCH_COST_FE_SERVICES services (100) and BENCH_COST_FE_ACCOUNTS
//    sub-accounts (30): parsing the intervals, the aggregation, the change
//    between periods, least-squares trend lines for every breakdown.
// 2. summariseMonth (the entity card) over 92 days and the same services.
//
// Prints p50/p95 in ms over BENCH_COST_FE_RUNS runs (30) and the heap used.
import { CostReport, CostSeries } from '@ai-platform/plugin-cost-common';
import type { CostApi } from '../plugins/cost/src/api/CostApi';
import { CostInsightsClient } from '../plugins/cost/src/costInsights/CostInsightsClient';
import { summariseMonth } from '../plugins/cost/src/components/EntityCostCard/summariseMonth';

const SERVICES = Number(process.env.BENCH_COST_FE_SERVICES ?? 100);
const ACCOUNTS = Number(process.env.BENCH_COST_FE_ACCOUNTS ?? 30);
const RUNS = Number(process.env.BENCH_COST_FE_RUNS ?? 30);

function days(from: string, to: string): string[] {
  const result: string[] = [];
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d <= new Date(`${to}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    result.push(d.toISOString().slice(0, 10));
  }
  return result;
}

function report(
  entityRef: string,
  from: string,
  to: string,
  keys: number,
): CostReport {
  const dates = days(from, to);
  const series: CostSeries[] = Array.from({ length: keys }, (_, k) => {
    const points = dates.map((date, i) => ({
      date,
      amount: ((k + 1) * 7 + ((i * 13 + k) % 29)) / 10,
    }));
    return {
      key: `key-${k}`,
      label: `Key ${k}`,
      total: points.reduce((s, p) => s + p.amount, 0),
      points,
    };
  });
  const points = dates.map((date, i) => ({
    date,
    amount: series.reduce((s, x) => s + x.points[i].amount, 0),
  }));
  const total = points.reduce((s, p) => s + p.amount, 0);
  return {
    entityRef,
    subjectKind: 'group',
    from,
    to,
    granularity: 'day',
    metric: 'billed',
    currency: 'USD',
    total,
    change: { previousTotal: total, amount: 0, ratio: 0 },
    points,
    splitBy: 'service',
    series,
  };
}

function stats(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return {
    p50: Math.round(at(50) * 100) / 100,
    p95: Math.round(at(95) * 100) / 100,
  };
}

async function main() {
  const cache = new Map<string, CostReport>();
  const costApi = {
    getCosts: async (r: Parameters<CostApi['getCosts']>[0]) => {
      const key = `${r.entityRef}|${r.from}|${r.to}|${r.splitBy}`;
      let value = cache.get(key);
      if (!value) {
        value = report(
          r.entityRef,
          r.from,
          r.to,
          r.splitBy === 'subAccount' ? ACCOUNTS : SERVICES,
        );
        cache.set(key, value);
      }
      return value;
    },
  } as unknown as CostApi;
  const client = new CostInsightsClient({ costApi });

  // Warm the caches and the JIT.
  await client.getGroupDailyCost('products', 'R2/P180D/2026-11-22');
  const insights: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const cost = await client.getGroupDailyCost(
      'products',
      'R2/P180D/2026-11-22',
    );
    insights.push(performance.now() - start);
    if (cost.aggregation.length !== 360) {
      throw new Error(`expected 360 days, got ${cost.aggregation.length}`);
    }
  }

  const card = report(
    'component:default/x',
    '2026-09-01',
    '2026-11-30',
    SERVICES,
  );
  const summaries: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    summariseMonth(card, '2026-11-22');
    summaries.push(performance.now() - start);
  }

  console.log(
    JSON.stringify({
      benchmark: 'cost-frontend',
      services: SERVICES,
      subAccounts: ACCOUNTS,
      runs: RUNS,
      costInsightsGroupDailyCost360dMs: stats(insights),
      entityCardSummary92dMs: stats(summaries),
      heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 1048576),
    }),
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
