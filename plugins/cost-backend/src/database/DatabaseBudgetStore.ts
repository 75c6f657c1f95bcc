import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { Budget } from '@ai-platform/plugin-cost-common';
import { Knex } from 'knex';
import { whereInChunked } from './knexHelpers';
import { TABLES } from './tables';
import { BudgetStore, StoredBudget } from './types';

const BUDGETS = TABLES.budgets;

interface BudgetRow {
  id: string;
  group_ref: string;
  amount: number | string;
  currency: string;
  updated_by: string;
  updated_at: string;
  notified_month: string | null;
}

/** Whether a database error is a unique-constraint violation (either engine). */
const isUniqueViolation = (error: unknown) =>
  /unique|duplicate/i.test(String(error));

/** Group budgets, one per group. */
export class DatabaseBudgetStore implements BudgetStore {
  static create(options: { db: Knex }): DatabaseBudgetStore {
    return new DatabaseBudgetStore(options.db);
  }

  private constructor(private readonly db: Knex) {}

  async listBudgets(groupRefs?: string[]): Promise<StoredBudget[]> {
    const query = this.db(BUDGETS).orderBy('group_ref');
    if (groupRefs) {
      if (groupRefs.length === 0) return [];
      whereInChunked(query, 'group_ref', groupRefs);
    }
    const rows: BudgetRow[] = await query;
    return rows.map(r => ({ ...toBudget(r), notifiedMonth: r.notified_month }));
  }

  async getBudget(id: string): Promise<Budget | undefined> {
    const row: BudgetRow | undefined = await this.db(BUDGETS)
      .where({ id })
      .first();
    return row ? toBudget(row) : undefined;
  }

  async createBudget(budget: Omit<Budget, 'id'>): Promise<Budget> {
    const id = randomUUID();
    try {
      await this.db(BUDGETS).insert({
        id,
        group_ref: budget.groupRef,
        amount: budget.amount,
        currency: budget.currency,
        updated_by: budget.updatedBy,
        updated_at: budget.updatedAt,
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `${budget.groupRef} already has a budget; change it instead`,
        );
      }
      throw error;
    }
    return { id, ...budget };
  }

  async updateBudget(id: string, budget: Omit<Budget, 'id'>): Promise<Budget> {
    let updated: number;
    try {
      updated = await this.db(BUDGETS).where({ id }).update({
        group_ref: budget.groupRef,
        amount: budget.amount,
        currency: budget.currency,
        updated_by: budget.updatedBy,
        updated_at: budget.updatedAt,
        notified_month: null,
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(`${budget.groupRef} already has a budget`);
      }
      throw error;
    }
    if (!updated) throw new NotFoundError(`No budget with id ${id}`);
    return { id, ...budget };
  }

  async deleteBudget(id: string): Promise<void> {
    const deleted = await this.db(BUDGETS).where({ id }).delete();
    if (!deleted) throw new NotFoundError(`No budget with id ${id}`);
  }

  async markBudgetNotified(id: string, month: string): Promise<void> {
    await this.db(BUDGETS).where({ id }).update({ notified_month: month });
  }
}

function toBudget(r: BudgetRow): Budget {
  return {
    id: r.id,
    groupRef: r.group_ref,
    amount: Number(r.amount),
    currency: r.currency,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}
