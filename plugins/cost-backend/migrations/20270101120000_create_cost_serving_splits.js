// @ts-check

/**
 * Daily inference chargeback: a shared model server's GPU cost of one UTC
 * day split among the teams that called it, by tokens (see
 * src/serving/ServingChargebackJob.ts). `cost_serving_splits` holds one row
 * per (day, server, consuming team), `unattributed` for the tokens no team
 * is known for, so a server's rows add up to its cost of the day exactly;
 * `cost_serving_split_days` records the days computed from a complete
 * answer, so the job fetches each completed day once.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_serving_splits', table => {
    table.comment('A model server day of GPU cost split by consuming team');
    table.string('day', 10).notNullable();
    table.string('cluster', 255).notNullable();
    table.string('namespace', 63).notNullable();
    table
      .string('server_address', 255)
      .notNullable()
      .comment('The Service the gateway calls, <app>.<namespace>.svc');
    table
      .string('server_entity_ref', 255)
      .nullable()
      .comment("The catalog entity of the server's pods, when known");
    table.string('server_owner', 255).nullable();
    table
      .string('consumer_team', 255)
      .notNullable()
      .comment('A group ref, or unattributed');
    table.bigInteger('input_tokens').notNullable();
    table.bigInteger('output_tokens').notNullable();
    table
      .bigInteger('cost_nanos')
      .notNullable()
      .comment("The team's share in nano-units (10^-9 of currency)");
    table
      .bigInteger('server_cost_nanos')
      .notNullable()
      .comment("The server's GPU cost of the day, the sum of its rows");
    table.string('currency', 3).notNullable();
    table.string('split_method', 32).notNullable();
    table.primary([
      'day',
      'cluster',
      'namespace',
      'server_address',
      'consumer_team',
    ]);
    table.index(['consumer_team', 'day'], 'cost_serving_splits_team_idx');
  });
  await knex.schema.createTable('cost_serving_split_days', table => {
    table.comment(
      'Days whose serving splits were computed from a complete answer',
    );
    table.string('day', 10).primary();
    table.string('computed_at', 32).notNullable();
    table.integer('servers').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cost_serving_split_days');
  await knex.schema.dropTable('cost_serving_splits');
};
