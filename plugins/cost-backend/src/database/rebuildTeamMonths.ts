import { Knex } from 'knex';
import { chunks } from './knexHelpers';
import { TABLES } from './tables';

/** Months per statement, well under the engines' parameter limits. */
const MONTHS_PER_STATEMENT = 200;
const MONTH = /^\d{4}-\d{2}$/;

/**
 * Recomputes the team roll-ups of the given months (`YYYY-MM`): by day from
 * the daily roll-up, then by month from the days; called in the transaction
 * that changed those months, so every writer of `cost_daily` keeps both in
 * step with it.
 */
export async function rebuildTeamMonths(
  db: Knex | Knex.Transaction,
  months: Iterable<string>,
): Promise<void> {
  const list = [...new Set(months)].sort();
  for (const month of list) {
    if (!MONTH.test(month)) throw new Error(`not a month: ${month}`);
  }
  for (const part of chunks(list, MONTHS_PER_STATEMENT)) {
    const starts = part.map(m => `${m}-01`);
    const monthList = part.map(() => '?').join(', ');
    // A day range the (team, day) indexes can use, then the exact months.
    const days = [starts[0], `${part[part.length - 1]}-31`, ...part];
    await db(TABLES.teamDaily)
      .where('day', '>=', days[0])
      .where('day', '<=', days[1])
      .whereRaw(`substr(day, 1, 7) IN (${monthList})`, part)
      .delete();
    await db.raw(
      `INSERT INTO ${TABLES.teamDaily} (team, day, currency, billed_cost_nanos, effective_cost_nanos, line_items)
       SELECT team, day, currency, SUM(billed_cost_nanos), SUM(effective_cost_nanos), SUM(line_items)
       FROM ${TABLES.daily}
       WHERE day >= ? AND day <= ? AND substr(day, 1, 7) IN (${monthList})
       GROUP BY team, day, currency`,
      days,
    );
    await db(TABLES.teamMonthly).whereIn('month', starts).delete();
    await db.raw(
      `INSERT INTO ${TABLES.teamMonthly} (team, month, currency, billed_cost_nanos, effective_cost_nanos, line_items)
       SELECT team, substr(day, 1, 7) || '-01', currency, SUM(billed_cost_nanos), SUM(effective_cost_nanos), SUM(line_items)
       FROM ${TABLES.teamDaily}
       WHERE day >= ? AND day <= ? AND substr(day, 1, 7) IN (${monthList})
       GROUP BY team, substr(day, 1, 7) || '-01', currency`,
      days,
    );
  }
}

/** The months (`YYYY-MM`) from the month of `from` to the month of `to`. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > last) break;
    months.push(month);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
}
