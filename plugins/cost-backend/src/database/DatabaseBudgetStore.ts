import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import { nanosToNumber } from '../money/nanosToAmount';
import { whereInChunked } from './knexHelpers';
import { TABLES } from './tables';
import { BudgetRecord, BudgetStore, ExactBudget, StoredBudget } from './types';

const BUDGETS = TABLES.budgets;

interface BudgetRow {
  id: string;
  group_ref: string;
  /** Decimal text (cast in the query): a driver's number is not exact past 2^53. */
  amount_nanos: string;
  currency: string;
  updated_by: string;
  updated_at: string;
  notified_month: string | null;
}

/** Whether a database error is a unique-constraint violation (either engine). */
const isUniqueViolation = (error: unknown) =>
  /unique|duplicate/i.test(String(error));

/** Every column, the amount as exact decimal text. */
const columnsOf = (db: Knex) => [
  'id',
  'group_ref',
  db.raw('CAST(amount_nanos AS TEXT) AS amount_nanos'),
  'currency',
  'updated_by',
  'updated_at',
  'notified_month',
];

/** Group budgets, one per group, amounts in integer nano-units. */
export class DatabaseBudgetStore implements BudgetStore {
  static create(options: { db: Knex }): DatabaseBudgetStore {
    return new DatabaseBudgetStore(options.db);
  }

  private constructor(private readonly db: Knex) {}

  async listBudgets(groupRefs?: string[]): Promise<StoredBudget[]> {
    const query = this.db(BUDGETS)
      .select(columnsOf(this.db))
      .orderBy('group_ref');
    if (groupRefs) {
      if (groupRefs.length === 0) return [];
      whereInChunked(query, 'group_ref', groupRefs);
    }
    const rows: BudgetRow[] = await query;
    return rows.map(r => ({ ...toBudget(r), notifiedMonth: r.notified_month }));
  }

  async getBudget(id: string): Promise<ExactBudget | undefined> {
    const row: BudgetRow | undefined = await this.db(BUDGETS)
      .select(columnsOf(this.db))
      .where({ id })
      .first();
    return row ? toBudget(row) : undefined;
  }

  async createBudget(budget: BudgetRecord): Promise<ExactBudget> {
    const id = randomUUID();
    try {
      await this.db(BUDGETS).insert({
        id,
        group_ref: budget.groupRef,
        amount_nanos: String(budget.amountNanos),
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
    return withAmount({ id, ...budget });
  }

  async updateBudget(id: string, budget: BudgetRecord): Promise<ExactBudget> {
    let updated: number;
    try {
      updated = await this.db(BUDGETS)
        .where({ id })
        .update({
          group_ref: budget.groupRef,
          amount_nanos: String(budget.amountNanos),
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
    return withAmount({ id, ...budget });
  }

  async deleteBudget(id: string): Promise<void> {
    const deleted = await this.db(BUDGETS).where({ id }).delete();
    if (!deleted) throw new NotFoundError(`No budget with id ${id}`);
  }

  async markBudgetNotified(id: string, month: string): Promise<void> {
    await this.db(BUDGETS).where({ id }).update({ notified_month: month });
  }
}

/** A budget record with `amount`, the double nearest its exact amount. */
function withAmount(budget: BudgetRecord & { id: string }): ExactBudget {
  return {
    id: budget.id,
    groupRef: budget.groupRef,
    amount: nanosToNumber(budget.amountNanos),
    amountNanos: budget.amountNanos,
    currency: budget.currency,
    updatedBy: budget.updatedBy,
    updatedAt: budget.updatedAt,
  };
}

function toBudget(r: BudgetRow): ExactBudget {
  return withAmount({
    id: r.id,
    groupRef: r.group_ref,
    amountNanos: BigInt(r.amount_nanos),
    currency: r.currency,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  });
}
