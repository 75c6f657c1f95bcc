import { CostForecast, ForecastQuery } from '@ai-platform/plugin-cost-common';
import { BudgetStore } from '../database/types';
import { CostAccess } from './CostAccess';
import { CostSubjects } from './CostSubjects';
import { MonthForecaster } from './MonthForecaster';
import { CallContext, CostForecastService } from './types';

/** This month's forecast of an entity or group, against a group's budget. */
export class CostForecasts implements CostForecastService {
  static create(options: {
    budgets: BudgetStore;
    forecaster: MonthForecaster;
    subjects: CostSubjects;
    access: CostAccess;
  }): CostForecasts {
    return new CostForecasts(options);
  }

  private constructor(
    private readonly options: {
      budgets: BudgetStore;
      forecaster: MonthForecaster;
      subjects: CostSubjects;
      access: CostAccess;
    },
  ) {}

  async forecast(
    query: ForecastQuery,
    ctx: CallContext,
  ): Promise<CostForecast> {
    const { budgets, forecaster, subjects, access } = this.options;
    const subject = await subjects.resolve(query.entityRef);
    await access.requireRead(subject.ref, ctx);
    const budget =
      subject.kind === 'group'
        ? (await budgets.listBudgets([subject.ref]))[0]
        : undefined;
    return forecaster.forecast(
      subject,
      query.metric,
      budget?.amountNanos ?? null,
    );
  }
}
