// @ts-check

/**
 * A request's estimated cost is money: the double `estimated_cost` becomes
 * the integer `estimated_cost_cents`. The estimate has always been rounded
 * to cents, so rounding the stored double × 100 recovers it exactly.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('gpu_requests', table => {
    table
      .bigInteger('estimated_cost_cents')
      .notNullable()
      .defaultTo(0)
      .comment('Estimated cost of the request in cents of the rate currency');
  });
  await knex('gpu_requests').update({
    estimated_cost_cents: knex.raw(
      'CAST(ROUND(estimated_cost * 100) AS BIGINT)',
    ),
  });
  await knex.schema.alterTable('gpu_requests', table => {
    table.dropColumn('estimated_cost');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  // Back to the old name as an exact decimal, which the code before this
  // migration reads as it read the double.
  await knex.schema.alterTable('gpu_requests', table => {
    table.decimal('estimated_cost', 20, 2).notNullable().defaultTo(0);
  });
  await knex('gpu_requests').update({
    estimated_cost: knex.raw('estimated_cost_cents / 100.0'),
  });
  await knex.schema.alterTable('gpu_requests', table => {
    table.dropColumn('estimated_cost_cents');
  });
};
