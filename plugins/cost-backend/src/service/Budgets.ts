import { AuditorService, AuthService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  Budget,
  BudgetInput,
  BudgetStatus,
  BudgetsResponse,
} from '@ai-platform/plugin-cost-common';
import { BudgetStore, ExactBudget } from '../database/types';
import { budgetAmountNanos } from '../money/budgetAmountNanos';
import { CostAccess } from './CostAccess';
import { CostSubjects } from './CostSubjects';
import { MonthForecaster } from './MonthForecaster';
import { BudgetService, CallContext } from './types';
import { actorOf, withAudit } from './withAudit';

/**
 * Group budgets with this month's spend and forecast. Reading needs
 * `cost.read` on the group; every change needs `cost.budget.manage` and is
 * audited.
 */
export class Budgets implements BudgetService {
  static create(options: {
    budgets: BudgetStore;
    forecaster: MonthForecaster;
    subjects: CostSubjects;
    access: CostAccess;
    auditor: AuditorService;
    auth: AuthService;
  }): Budgets {
    return new Budgets(options);
  }

  private constructor(
    private readonly options: {
      budgets: BudgetStore;
      forecaster: MonthForecaster;
      subjects: CostSubjects;
      access: CostAccess;
      auditor: AuditorService;
      auth: AuthService;
    },
  ) {}

  /** Budgets the caller may read (within a subject, when given). */
  async listBudgets(
    entityRef: string | undefined,
    ctx: CallContext,
  ): Promise<BudgetsResponse> {
    const { budgets, subjects, access } = this.options;
    let refs: string[] | undefined;
    if (entityRef) {
      const subject = await subjects.resolve(entityRef);
      await access.requireRead(subject.ref, ctx);
      refs = subject.filter.teams ?? [];
    }
    const stored = await budgets.listBudgets(refs);
    const readable = await access.mayRead(
      stored.map(b => b.groupRef),
      ctx,
    );
    const visible = stored.filter((_, i) => readable[i]);
    return {
      budgets: await Promise.all(
        visible.map(async ({ notifiedMonth: _n, ...b }) => this.statusOf(b)),
      ),
    };
  }

  /** A budget with this month's spend and forecast, compared in nano-units. */
  async statusOf(budget: ExactBudget): Promise<BudgetStatus> {
    const { subjects, forecaster } = this.options;
    const subject = await subjects.ofBudgetGroup(budget.groupRef);
    const f = await forecaster.forecast(subject, 'billed', budget.amountNanos);
    return {
      ...publicBudget(budget),
      monthToDate: f.monthToDate,
      forecast: f.forecast,
      overBudget: f.overBudget,
    };
  }

  async createBudget(input: BudgetInput, ctx: CallContext): Promise<Budget> {
    const { budgets, subjects, access } = this.options;
    const amountNanos = budgetAmountNanos(input.amount);
    const subject = await subjects.resolve(input.groupRef);
    return withAudit(
      this.options,
      {
        eventId: 'budget-create',
        ctx,
        meta: { groupRef: subject.ref, amount: input.amount },
      },
      async () => {
        await access.requireManage(subject.ref, ctx);
        const created = await budgets.createBudget({
          groupRef: subject.ref,
          amountNanos,
          currency: input.currency,
          updatedBy: actorOf(this.options.auth, ctx),
          updatedAt: new Date().toISOString(),
        });
        return publicBudget(created);
      },
    );
  }

  async updateBudget(
    id: string,
    input: BudgetInput,
    ctx: CallContext,
  ): Promise<Budget> {
    const { budgets, subjects, access } = this.options;
    const amountNanos = budgetAmountNanos(input.amount);
    const subject = await subjects.resolve(input.groupRef);
    return withAudit(
      this.options,
      {
        eventId: 'budget-update',
        ctx,
        meta: { budgetId: id, groupRef: subject.ref, amount: input.amount },
      },
      async () => {
        const existing = await budgets.getBudget(id);
        if (!existing) throw new NotFoundError(`No budget with id ${id}`);
        await access.requireManage(existing.groupRef, ctx);
        if (existing.groupRef !== subject.ref) {
          await access.requireManage(subject.ref, ctx);
        }
        const updated = await budgets.updateBudget(id, {
          groupRef: subject.ref,
          amountNanos,
          currency: input.currency,
          updatedBy: actorOf(this.options.auth, ctx),
          updatedAt: new Date().toISOString(),
        });
        return publicBudget(updated);
      },
    );
  }

  async deleteBudget(id: string, ctx: CallContext): Promise<void> {
    const { budgets, access } = this.options;
    await withAudit(
      this.options,
      { eventId: 'budget-delete', ctx, meta: { budgetId: id } },
      async () => {
        const existing = await budgets.getBudget(id);
        if (!existing) throw new NotFoundError(`No budget with id ${id}`);
        await access.requireManage(existing.groupRef, ctx);
        await budgets.deleteBudget(id);
      },
    );
  }
}

/** A budget as answered: JSON has no bigint, so `amount` alone carries the amount. */
function publicBudget(budget: ExactBudget): Budget {
  return {
    id: budget.id,
    groupRef: budget.groupRef,
    amount: budget.amount,
    currency: budget.currency,
    updatedBy: budget.updatedBy,
    updatedAt: budget.updatedAt,
  };
}
