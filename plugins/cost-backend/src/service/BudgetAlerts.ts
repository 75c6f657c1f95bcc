import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { BudgetStore } from '../database/types';
import { Budgets } from './Budgets';
import { MonthForecaster } from './MonthForecaster';
import { BudgetAlertService } from './types';

/**
 * Notifies each group whose forecast passes its budget, once a month (a
 * changed budget notifies again). "Passes" is decided by `statusOf` in
 * integer nano-units (see MonthForecaster), never by comparing floats.
 */
export class BudgetAlerts implements BudgetAlertService {
  static create(options: {
    budgets: BudgetStore;
    statuses: Pick<Budgets, 'statusOf'>;
    forecaster: MonthForecaster;
    logger: LoggerService;
    notifications?: NotificationService;
  }): BudgetAlerts {
    return new BudgetAlerts(options);
  }

  private constructor(
    private readonly options: {
      budgets: BudgetStore;
      statuses: Pick<Budgets, 'statusOf'>;
      forecaster: MonthForecaster;
      logger: LoggerService;
      notifications?: NotificationService;
    },
  ) {}

  /** Returns the groups notified. */
  async checkBudgets(): Promise<string[]> {
    const { budgets, statuses, forecaster, logger, notifications } =
      this.options;
    const notified: string[] = [];
    const month = forecaster.today().slice(0, 7);
    for (const budget of await budgets.listBudgets()) {
      if (budget.notifiedMonth === month) continue;
      const status = await statuses.statusOf(budget);
      if (!status.overBudget) continue;
      if (notifications) {
        await notifications.send({
          recipients: { type: 'entity', entityRef: budget.groupRef },
          payload: {
            title: `Cost forecast passes the budget of ${budget.groupRef}`,
            description: `Forecast for ${month}: ${status.forecast.toFixed(
              2,
            )} ${budget.currency}, budget ${budget.amount.toFixed(2)} ${
              budget.currency
            } (${status.monthToDate.toFixed(2)} spent so far).`,
            link: `/catalog/${budget.groupRef.replace(
              /^group:([^/]+)\//,
              '$1/group/',
            )}`,
            severity: 'high',
            topic: 'cost-budget',
          },
        });
      }
      await budgets.markBudgetNotified(budget.id, month);
      logger.info('Cost forecast passes budget', {
        groupRef: budget.groupRef,
        forecast: status.forecast,
        budget: budget.amount,
      });
      notified.push(budget.groupRef);
    }
    return notified;
  }
}
