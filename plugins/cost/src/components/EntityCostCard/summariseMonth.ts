import { CostReport, CostSeries } from '@ai-platform/plugin-cost-common';
import { addDays, monthEnd, monthStart } from '../../utils/dates';
import { formatDay } from '../../utils/format';

/** This month so far against the same days of last month. */
export interface MonthSummary {
  /** Cost from the first of this month through `day`. */
  thisMonth: number;
  /** Cost of last month's same days (clamped to last month's end). */
  previous: number;
  change: { amount: number; ratio: number | null };
  /** The days compared against, for people: `1 Oct 2026 – 22 Oct 2026`. */
  previousLabel: string;
  /** The split series summed over this month only, largest first. */
  series: CostSeries[];
  /** The last day of this month with cost (today when there is none). */
  through: string;
}

/**
 * Summarises a daily report that covers at least last month and this month
 * up to `today`: this month so far, last month's same days (through the last
 * day with cost), and this month's split.
 */
export function summariseMonth(
  report: CostReport,
  today: string,
): MonthSummary {
  const thisStart = monthStart(today);
  const lastStart = monthStart(today, 1);
  // Billing data lags: compare through the last day of this month with cost,
  // so that today's (empty) day does not count against last month.
  const day =
    report.points
      .filter(p => p.date >= thisStart && p.date <= today && p.amount !== 0)
      .map(p => p.date)
      .sort()
      .pop() ?? today;
  const dayOfMonth = Number(day.slice(8, 10));
  const lastEnd = [addDays(lastStart, dayOfMonth - 1), monthEnd(lastStart)]
    .sort()
    .shift() as string;
  const inThisMonth = (date: string) => date >= thisStart && date <= day;
  const inLastMonth = (date: string) => date >= lastStart && date <= lastEnd;

  const sum = (points: CostReport['points'], inRange: (d: string) => boolean) =>
    points.reduce(
      (total, p) => (inRange(p.date) ? total + p.amount : total),
      0,
    );

  const thisMonth = sum(report.points, inThisMonth);
  const previous = sum(report.points, inLastMonth);
  const amount = thisMonth - previous;
  const series = report.series
    .map(s => {
      const points = s.points.filter(p => inThisMonth(p.date));
      return { ...s, points, total: sum(points, () => true) };
    })
    .filter(s => s.total !== 0)
    .sort((a, b) => b.total - a.total);

  return {
    thisMonth,
    previous,
    change: { amount, ratio: previous === 0 ? null : amount / previous },
    previousLabel: `${formatDay(lastStart)} – ${formatDay(lastEnd)}`,
    series,
    through: day,
  };
}
