// @ts-check

/**
 * The last doubles holding money become exact integer nano-units (10⁻⁹ of
 * the currency), like billing amounts in 20261228120000: the rate card's
 * hourly rate and the allocated and used cost of `cost_gpu_daily`, and the
 * budgets' `amount`. Existing values are rounded to the nearest nano-unit,
 * which recovers every decimal of up to nine places a double held (a
 * budget typed as 1234.56 or a rate of 4.1). GPU-hours stay doubles: they
 * are quantities, not money.
 */
const COLUMNS = [
  {
    tableName: 'cost_gpu_daily',
    from: 'hourly_rate',
    to: 'hourly_rate_nanos',
    comment: 'Rate card price per GPU-hour in nano-units (10^-9 of currency)',
  },
  {
    tableName: 'cost_gpu_daily',
    from: 'allocated_cost',
    to: 'allocated_cost_nanos',
    comment: 'Price of the GPU-hours granted, in nano-units',
  },
  {
    tableName: 'cost_gpu_daily',
    from: 'used_cost',
    to: 'used_cost_nanos',
    comment: 'The used share of allocated_cost_nanos, in nano-units',
  },
  {
    tableName: 'cost_budgets',
    from: 'amount',
    to: 'amount_nanos',
    comment: 'Monthly budget in nano-units (10^-9 of the currency)',
  },
];

const TABLE_NAMES = [...new Set(COLUMNS.map(c => c.tableName))];

/** @param {string} tableName */
const columnsOf = tableName => COLUMNS.filter(c => c.tableName === tableName);

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  for (const tableName of TABLE_NAMES) {
    const columns = columnsOf(tableName);
    await knex.schema.alterTable(tableName, table => {
      for (const c of columns) table.bigInteger(c.to).nullable();
    });
    await knex(tableName).update(
      Object.fromEntries(
        columns.map(c => [
          c.to,
          knex.raw('CAST(ROUND(?? * 1000000000) AS BIGINT)', [c.from]),
        ]),
      ),
    );
    await knex.schema.alterTable(tableName, table => {
      for (const c of columns) {
        table.bigInteger(c.to).notNullable().comment(c.comment).alter();
      }
      for (const c of columns) table.dropColumn(c.from);
    });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  // Back to the columns' old names as exact decimals (NUMERIC(38, 9) on
  // PostgreSQL), which the code before this migration reads as it read the
  // doubles, so a rollback does not put money through a float.
  for (const tableName of TABLE_NAMES) {
    const columns = columnsOf(tableName);
    await knex.schema.alterTable(tableName, table => {
      for (const c of columns) table.decimal(c.from, 38, 9).nullable();
    });
    await knex(tableName).update(
      Object.fromEntries(
        columns.map(c => [c.from, knex.raw('?? / 1000000000.0', [c.to])]),
      ),
    );
    await knex.schema.alterTable(tableName, table => {
      for (const c of columns) {
        table.decimal(c.from, 38, 9).notNullable().alter();
      }
      for (const c of columns) table.dropColumn(c.to);
    });
  }
};
