// @ts-check

/**
 * The monthly roll-up per team: what the group pages ask for most (an
 * organisation's year by month, split by child team) read from a few hundred
 * rows instead of summing the daily roll-up. Kept in step with `cost_daily`
 * by every writer, in the same transaction; filled here from what is stored.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_team_monthly', table => {
    table.comment(
      'Monthly roll-up of cost_daily per team (billing and Kubernetes)',
    );
    table.string('team', 255).notNullable();
    table.string('month', 10).notNullable().comment('YYYY-MM-01');
    table.string('currency', 3).notNullable();
    table
      .bigInteger('billed_cost_nanos')
      .notNullable()
      .comment('nano-units (10^-9 of the currency)');
    table.bigInteger('effective_cost_nanos').notNullable();
    table.bigInteger('line_items').notNullable();
    table.primary(['team', 'month', 'currency']);
  });
  await knex.raw(
    `INSERT INTO cost_team_monthly (team, month, currency, billed_cost_nanos, effective_cost_nanos, line_items)
     SELECT team, substr(day, 1, 7) || '-01', currency, SUM(billed_cost_nanos), SUM(effective_cost_nanos), SUM(line_items)
     FROM cost_daily
     GROUP BY team, substr(day, 1, 7) || '-01', currency`,
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cost_team_monthly');
};
