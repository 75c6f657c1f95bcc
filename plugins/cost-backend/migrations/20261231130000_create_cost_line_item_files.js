// @ts-check

/**
 * Line items ingested through DuckDB live in a Parquet file per ingest run,
 * not in `cost_line_items`. This table says which run's file holds each
 * (provider, billing account, billing period): it is replaced in the
 * ingest's transaction together with the roll-ups, so drill-down reads
 * exactly the files whose periods are current.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_line_item_files', table => {
    table.comment('Parquet file of line items per billing period');
    table.string('provider', 255).notNullable();
    table.string('billing_account_id', 255).notNullable();
    table.string('billing_period', 10).notNullable();
    table.string('ingest_run_id', 64).notNullable();
    table
      .string('file_name', 255)
      .notNullable()
      .comment('Parquet file under cost.ingest.lineItemsDirectory');
    table.bigInteger('line_items').notNullable();
    table.primary(['provider', 'billing_account_id', 'billing_period']);
    table.index(['ingest_run_id'], 'cost_line_item_files_run_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cost_line_item_files');
};
