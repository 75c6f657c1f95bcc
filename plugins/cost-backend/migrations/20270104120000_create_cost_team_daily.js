// @ts-check

/**
 * The daily roll-up per team: what a group's pages ask for by day or week,
 * or over part of a month (a department's quarter, an organisation's last
 * 30 days), read from one row per team and day instead of summing every
 * entity, service and account of `cost_daily`. Kept in step with
 * `cost_daily` by every writer, in the same transaction, like
 * `cost_team_monthly` (which is now summed from it); filled here from what
 * is stored.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_team_daily', table => {
    table.comment(
      'Daily roll-up of cost_daily per team (billing and Kubernetes)',
    );
    table.string('team', 255).notNullable();
    table.string('day', 10).notNullable().comment('YYYY-MM-DD');
    table.string('currency', 3).notNullable();
    table
      .bigInteger('billed_cost_nanos')
      .notNullable()
      .comment('nano-units (10^-9 of the currency)');
    table.bigInteger('effective_cost_nanos').notNullable();
    table.bigInteger('line_items').notNullable();
    // Group queries filter by a list of teams and a range of days.
    table.primary(['team', 'day', 'currency']);
  });
  await knex.raw(
    `INSERT INTO cost_team_daily (team, day, currency, billed_cost_nanos, effective_cost_nanos, line_items)
     SELECT team, day, currency, SUM(billed_cost_nanos), SUM(effective_cost_nanos), SUM(line_items)
     FROM cost_daily
     GROUP BY team, day, currency`,
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cost_team_daily');
};
