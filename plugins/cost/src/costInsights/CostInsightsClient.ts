import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CostGroup,
  CostPoint,
  CostReport,
  CostSplit,
} from '@ai-platform/plugin-cost-common';
import type { CostApi } from '../api/CostApi';
import { addDays, today } from '../utils/dates';
import { parseIntervals, RepeatingIntervals } from './intervals';
import {
  Alert,
  ChangeStatistic,
  Cost,
  CostInsightsApi,
  DateAggregation,
  Entity,
  Group,
  MetricData,
  ProductInsightsOptions,
  Project,
  Trendline,
} from './types';
import { formatCurrency } from '@ai-platform/plugin-ai-platform-react';

/**
 * The metrics {@link CostInsightsClient.getDailyMetricData} serves, for the
 * `costInsights.metrics` configuration.
 *
 * @public
 */
export const COST_INSIGHTS_METRICS = {
  /** Money spent on GPUs that were granted but idle, per day. */
  'idle-gpu-cost': 'Idle GPU cost',
} as const;

/** How far back projects (sub-accounts) of a group are looked for. */
const PROJECT_LOOKBACK_DAYS = 90;

/** Sums a report's points that fall into a period (start inclusive, end exclusive). */
function sumPeriod(
  points: CostPoint[],
  period: { start: string; end: string },
): number {
  return points.reduce(
    (sum, p) =>
      p.date >= period.start && p.date < period.end ? sum + p.amount : sum,
    0,
  );
}

/** The last period against the one before it, as Cost Insights shows it. */
export function changeOf(
  points: CostPoint[],
  intervals: RepeatingIntervals,
): ChangeStatistic {
  const periods = intervals.periods;
  const current = sumPeriod(points, periods[periods.length - 1]);
  const previous =
    periods.length > 1 ? sumPeriod(points, periods[periods.length - 2]) : 0;
  const amount = current - previous;
  return previous === 0 ? { amount } : { amount, ratio: amount / previous };
}

/**
 * A least-squares line through the daily amounts, x in Unix seconds (as the
 * Cost Insights example client computes it).
 */
export function trendlineOf(aggregation: DateAggregation[]): Trendline {
  const n = aggregation.length;
  if (n === 0) return { slope: 0, intercept: 0 };
  const xs = aggregation.map(a => Date.parse(`${a.date}T00:00:00Z`) / 1000);
  const ys = aggregation.map(a => a.amount);
  const meanX = xs.reduce((s, x) => s + x, 0) / n;
  const meanY = ys.reduce((s, y) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - meanX) ** 2;
    sxy += (xs[i] - meanX) * (ys[i] - meanY);
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: meanY - slope * meanX };
}

function aggregationOf(
  points: CostPoint[],
  intervals: RepeatingIntervals,
): DateAggregation[] {
  return points
    .filter(p => p.date >= intervals.start && p.date < intervals.end)
    .map(p => ({ date: p.date, amount: p.amount }));
}

function costOf(
  id: string,
  points: CostPoint[],
  intervals: RepeatingIntervals,
): Cost {
  const aggregation = aggregationOf(points, intervals);
  return {
    id,
    aggregation,
    change: changeOf(points, intervals),
    trendline: trendlineOf(aggregation),
  };
}

/** Lower-case letters and digits only: `Compute Engine` → `computeengine`. */
function normalise(name: string): string {
  return name.toLocaleLowerCase('en-US').replace(/[^a-z0-9]/g, '');
}

/**
 * A Cost Insights API over the cost backend, so that the community Cost
 * Insights plugin (`@backstage-community/plugin-cost-insights`) shows the
 * portal's costs: groups are catalog Groups (ids are their entity refs; a
 * bare name means `group:default/<name>`), projects are billing
 * sub-accounts, products are services.
 *
 * @public
 */
export class CostInsightsClient implements CostInsightsApi {
  private readonly costApi: CostApi;
  private readonly now: () => Date;

  constructor(options: { costApi: CostApi; now?: () => Date }) {
    this.costApi = options.costApi;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * The last day with billing data among the groups the user can see, never
   * later than yesterday (today's data is never complete).
   */
  async getLastCompleteBillingDate(): Promise<string> {
    const yesterday = addDays(today(this.now()), -1);
    const roots = await this.rootGroups();
    const forecasts = await Promise.all(
      roots.map(root => this.costApi.getForecast({ entityRef: root.ref })),
    );
    let last = forecasts
      .map(f => f.lastDataDay)
      .filter((d): d is string => d !== null)
      .sort()
      .pop();
    if (!last && roots.length > 0) {
      // Nothing this month yet: the last day with cost in the last 90 days.
      const reports = await Promise.all(
        roots.map(root =>
          this.costApi.getCosts({
            entityRef: root.ref,
            from: addDays(yesterday, -(PROJECT_LOOKBACK_DAYS - 1)),
            to: yesterday,
          }),
        ),
      );
      last = reports
        .flatMap(r => r.points.filter(p => p.amount !== 0).map(p => p.date))
        .sort()
        .pop();
    }
    return !last || last > yesterday ? yesterday : last;
  }

  /**
   * The groups whose costs the signed-in user may read (members see their
   * teams, managers the teams below them). The backend decides from the
   * user's token, so `userId` only has to be the signed-in user.
   */
  async getUserGroups(_userId: string): Promise<Group[]> {
    const groups = await this.costApi.getGroups();
    return groups
      .map(g => ({ id: g.ref, name: g.title }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The billing sub-accounts with cost for the group in the last 90 days. */
  async getGroupProjects(group: string): Promise<Project[]> {
    const to = today(this.now());
    const report = await this.costApi.getCosts({
      entityRef: this.groupRef(group),
      from: addDays(to, -(PROJECT_LOOKBACK_DAYS - 1)),
      to,
      granularity: 'month',
      splitBy: 'subAccount',
    });
    return report.series
      .filter(s => s.total !== 0)
      .map(s => ({ id: s.key, name: s.label }));
  }

  /** Daily cost of a group, broken down by product (service) and project (sub-account). */
  async getGroupDailyCost(group: string, intervals: string): Promise<Cost> {
    const range = parseIntervals(intervals);
    const entityRef = this.groupRef(group);
    const [byService, bySubAccount] = await Promise.all([
      this.daily(entityRef, range, 'service'),
      this.daily(entityRef, range, 'subAccount'),
    ]);
    return {
      ...costOf(group, byService.points, range),
      groupedCosts: {
        product: byService.series.map(s => costOf(s.label, s.points, range)),
        project: bySubAccount.series.map(s => costOf(s.key, s.points, range)),
      },
    };
  }

  /**
   * Daily cost of a billing sub-account, summed over the top groups the user
   * can see.
   */
  async getProjectDailyCost(project: string, intervals: string): Promise<Cost> {
    const range = parseIntervals(intervals);
    const roots = await this.rootGroups();
    const reports = await Promise.all(
      roots.map(root => this.daily(root.ref, range, 'subAccount')),
    );
    const byDate = new Map<string, number>();
    for (const report of reports) {
      for (const p of report.points)
        byDate.set(p.date, byDate.get(p.date) ?? 0);
      for (const s of report.series.filter(x => x.key === project)) {
        for (const p of s.points) {
          byDate.set(p.date, (byDate.get(p.date) ?? 0) + p.amount);
        }
      }
    }
    const points = [...byDate.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, amount]) => ({ date, amount }));
    return costOf(project, points, range);
  }

  /** Daily cost of a catalog entity, broken down by product (service). */
  async getCatalogEntityDailyCost(
    catalogEntityRef: string,
    intervals: string,
  ): Promise<Cost> {
    const range = parseIntervals(intervals);
    const report = await this.daily(catalogEntityRef, range, 'service');
    return {
      ...costOf(catalogEntityRef, report.points, range),
      groupedCosts: {
        product: report.series.map(s => costOf(s.label, s.points, range)),
      },
    };
  }

  /**
   * Daily values of a metric of {@link COST_INSIGHTS_METRICS}, over the top
   * groups the user can see.
   */
  async getDailyMetricData(
    metric: string,
    intervals: string,
  ): Promise<MetricData> {
    if (!(metric in COST_INSIGHTS_METRICS)) {
      throw new Error(
        `metric: '${metric}' is not served by the cost backend; use one of ${Object.keys(
          COST_INSIGHTS_METRICS,
        ).join(', ')}`,
      );
    }
    const range = parseIntervals(intervals);
    const roots = await this.rootGroups();
    const reports = await Promise.all(
      roots.map(root =>
        this.costApi.getIdleWaste({
          entityRef: root.ref,
          from: range.start,
          to: addDays(range.end, -1),
        }),
      ),
    );
    const byDate = new Map<string, number>();
    for (const report of reports) {
      for (const p of report.points) {
        byDate.set(p.date, (byDate.get(p.date) ?? 0) + p.amount);
      }
    }
    const points = [...byDate.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, amount]) => ({ date, amount }));
    return {
      id: metric,
      format: 'currency',
      aggregation: aggregationOf(points, range),
      change: changeOf(points, range),
    };
  }

  /**
   * A product (a service, matched by name ignoring case, spaces and
   * punctuation: `computeEngine` is `Compute Engine`) of a group in the last
   * two periods, broken down by the group's child teams.
   */
  async getProductInsights(options: ProductInsightsOptions): Promise<Entity> {
    if (options.project) {
      throw new Error(
        `project: product insights of one sub-account (${options.project}) are not served by the cost backend; clear the project filter`,
      );
    }
    const range = parseIntervals(options.intervals);
    const groupRef = this.groupRef(options.group);
    const wanted = normalise(options.product);
    const [report, groups] = await Promise.all([
      this.daily(groupRef, range, 'service'),
      this.costApi.getGroups(),
    ]);
    const children =
      groups
        .find(g => g.ref === groupRef)
        ?.childRefs.map(ref => ({
          ref,
          title: groups.find(g => g.ref === ref)?.title ?? ref,
        })) ?? [];
    const childReports = await Promise.all(
      children.map(child => this.daily(child.ref, range, 'service')),
    );

    const productOf = (r: CostReport) =>
      r.series.find(
        s => normalise(s.key) === wanted || normalise(s.label) === wanted,
      );
    const entityOf = (id: string, points: CostPoint[]): Entity => {
      const periods = range.periods;
      const current = sumPeriod(points, periods[periods.length - 1]);
      const previous =
        periods.length > 1 ? sumPeriod(points, periods[periods.length - 2]) : 0;
      return {
        id,
        aggregation: [previous, current],
        change: changeOf(points, range),
        entities: {},
      };
    };

    const teams = children
      .map((child, i) => {
        const series = productOf(childReports[i]);
        return series ? entityOf(child.title, series.points) : undefined;
      })
      .filter(
        (e): e is Entity =>
          e !== undefined && (e.aggregation[0] !== 0 || e.aggregation[1] !== 0),
      );
    return {
      ...entityOf(options.product, productOf(report)?.points ?? []),
      entities: teams.length > 0 ? { team: teams } : {},
    };
  }

  /**
   * Action items of a group: budgets whose forecast passes them, and money
   * spent on idle GPUs in the last 30 days.
   */
  async getAlerts(group: string): Promise<Alert[]> {
    const groupRef = this.groupRef(group);
    const to = today(this.now());
    const from = addDays(to, -29);
    const [budgets, idle, groups] = await Promise.all([
      this.costApi.getBudgets({ entityRef: groupRef }),
      this.costApi.getIdleWaste({ entityRef: groupRef, from, to }),
      this.costApi.getGroups(),
    ]);
    const titleOf = (ref: string) =>
      groups.find(g => g.ref === ref)?.title ?? parseEntityRef(ref).name;
    const alerts: Alert[] = budgets
      .filter(b => b.overBudget)
      .map(b => ({
        title: `${titleOf(b.groupRef)} is forecast to pass its budget`,
        subtitle: `Forecast ${formatCurrency(
          b.forecast,
          b.currency,
        )} this month against a budget of ${formatCurrency(
          b.amount,
          b.currency,
        )}; ${formatCurrency(b.monthToDate, b.currency)} spent so far.`,
      }));
    if (idle.idleCost > 0) {
      const worst = idle.items[0];
      alerts.push({
        title: `${formatCurrency(
          idle.idleCost,
          idle.currency,
        )} spent on idle GPUs in the last 30 days`,
        subtitle: `${Math.round(
          idle.gpuHoursAllocated - idle.gpuHoursUsed,
        )} of ${Math.round(
          idle.gpuHoursAllocated,
        )} GPU-hours granted to ${titleOf(groupRef)} were not used${
          worst
            ? `; most by ${worst.entityRef} (${
                worst.gpuClass
              }, ${formatCurrency(worst.idleCost, idle.currency)})`
            : ''
        }. Release or right-size idle GPUs.`,
      });
    }
    return alerts;
  }

  private groupRef(group: string): string {
    return stringifyEntityRef(
      parseEntityRef(group, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  }

  /** The readable groups whose parent is not readable: the tops of what the user sees. */
  private async rootGroups(): Promise<CostGroup[]> {
    const groups = await this.costApi.getGroups();
    const refs = new Set(groups.map(g => g.ref));
    return groups.filter(g => g.parentRef === null || !refs.has(g.parentRef));
  }

  private daily(
    entityRef: string,
    range: RepeatingIntervals,
    splitBy: CostSplit,
  ): Promise<CostReport> {
    return this.costApi.getCosts({
      entityRef,
      from: range.start,
      to: addDays(range.end, -1),
      granularity: 'day',
      splitBy,
    });
  }
}
