import { divideRounded } from '@ai-platform/plugin-ai-platform-common';
import { CostForecast, CostMetric } from '@ai-platform/plugin-cost-common';
import { DailyCostStore } from '../database/types';
import { nanosToAmount, nanosToNumber } from '../money/nanosToAmount';
import { dominantCurrency, sumNanos } from './amounts';
import { daysBetween, daysInMonth, toDay } from './dates';
import { Subject } from './types';

/**
 * Month-to-date cost of a subject projected linearly to the month's end,
 * from the days with data (billing lags by a day or two).
 */
export class MonthForecaster {
  static create(options: {
    daily: DailyCostStore;
    currency: string;
    now?: () => Date;
  }): MonthForecaster {
    return new MonthForecaster(options);
  }

  private constructor(
    private readonly options: {
      daily: DailyCostStore;
      currency: string;
      now?: () => Date;
    },
  ) {}

  /** Today (UTC) as `YYYY-MM-DD`. */
  today(): string {
    return toDay((this.options.now?.() ?? new Date()).getTime());
  }

  /**
   * The forecast, and whether it passes `budgetNanos` (a budget in
   * nano-units): compared as integers, so a forecast equal to the budget
   * never counts as over it through a float's last digit.
   */
  async forecast(
    subject: Subject,
    metric: CostMetric,
    budgetNanos: bigint | null,
  ): Promise<CostForecast> {
    const { daily } = this.options;
    const today = this.today();
    const monthStart = `${today.slice(0, 7)}-01`;
    const filter = { ...subject.filter, from: monthStart, to: today };
    const rows = await daily.queryDaily({ filter, metric });
    const totalNanos = sumNanos(rows.map(r => r.nanos));
    const lastDataDay = await daily.lastDay(filter);
    const elapsed = lastDataDay ? daysBetween(monthStart, lastDataDay) : 0;
    const forecastNanos =
      elapsed > 0
        ? divideRounded(
            totalNanos * BigInt(daysInMonth(today)),
            BigInt(elapsed),
          )
        : 0n;
    return {
      entityRef: subject.ref,
      month: today.slice(0, 7),
      currency: dominantCurrency(rows, this.options.currency),
      monthToDate: nanosToAmount(totalNanos),
      forecast: nanosToAmount(forecastNanos),
      lastDataDay,
      budget: budgetNanos === null ? null : nanosToNumber(budgetNanos),
      overBudget: budgetNanos !== null && forecastNanos > budgetNanos,
    };
  }
}
