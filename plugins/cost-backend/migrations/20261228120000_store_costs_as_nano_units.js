// @ts-check

/**
 * Billing amounts become exact: `billed_cost` and `effective_cost` (doubles)
 * of `cost_line_items` and `cost_daily` are replaced by integer nano-units
 * (`billed_cost_nanos`, `effective_cost_nanos`, 10⁻⁹ of the currency), so
 * sums are exact integers on SQLite and PostgreSQL alike. Existing amounts
 * are rounded to the nearest nano-unit, which recovers the file's decimal
 * for every amount of up to nine decimals and 15 significant digits, all
 * that a double held.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  for (const tableName of ['cost_line_items', 'cost_daily']) {
    await knex.schema.alterTable(tableName, table => {
      table.bigInteger('billed_cost_nanos').nullable();
      table.bigInteger('effective_cost_nanos').nullable();
    });
    await knex(tableName).update({
      billed_cost_nanos: knex.raw(
        'CAST(ROUND(billed_cost * 1000000000) AS BIGINT)',
      ),
      effective_cost_nanos: knex.raw(
        'CAST(ROUND(effective_cost * 1000000000) AS BIGINT)',
      ),
    });
    await knex.schema.alterTable(tableName, table => {
      table
        .bigInteger('billed_cost_nanos')
        .notNullable()
        .comment('BilledCost in nano-units (10^-9 of the currency)')
        .alter();
      table
        .bigInteger('effective_cost_nanos')
        .notNullable()
        .comment('EffectiveCost in nano-units (10^-9 of the currency)')
        .alter();
      table.dropColumn('billed_cost');
      table.dropColumn('effective_cost');
    });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  // Back to the old column names as exact decimals (NUMERIC(38, 9) on
  // PostgreSQL), which the code before this migration reads as it read the
  // doubles, so a rollback does not put money through a float.
  for (const tableName of ['cost_line_items', 'cost_daily']) {
    await knex.schema.alterTable(tableName, table => {
      table.decimal('billed_cost', 38, 9).nullable();
      table.decimal('effective_cost', 38, 9).nullable();
    });
    await knex(tableName).update({
      billed_cost: knex.raw('billed_cost_nanos / 1000000000.0'),
      effective_cost: knex.raw('effective_cost_nanos / 1000000000.0'),
    });
    await knex.schema.alterTable(tableName, table => {
      table.decimal('billed_cost', 38, 9).notNullable().alter();
      table.decimal('effective_cost', 38, 9).notNullable().alter();
      table.dropColumn('billed_cost_nanos');
      table.dropColumn('effective_cost_nanos');
    });
  }
};
