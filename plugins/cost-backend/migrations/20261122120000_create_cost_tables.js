// @ts-check

/**
 * Cost tables: ingest runs, FOCUS line items (only the columns needed to
 * re-ingest and roll up), the daily roll-up every query reads, GPU allocation
 * per day, and budgets.
 *
 * A billing file replaces, in one transaction, every (provider, billing
 * account, billing period) it contains, in both `cost_line_items` and
 * `cost_daily`.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_ingest_runs', table => {
    table.comment('One row per ingested (or refused) billing file');
    table.string('id', 36).primary();
    table.string('source', 16).notNullable();
    table.string('file_name', 255).notNullable();
    table
      .string('file_key', 512)
      .nullable()
      .comment(
        'path, size and mtime of a scanned file, to skip unchanged files',
      );
    table.string('status', 16).notNullable();
    table.string('started_at', 32).notNullable();
    table.string('finished_at', 32).nullable();
    table.bigInteger('rows_read').notNullable().defaultTo(0);
    table.bigInteger('rows_ingested').notNullable().defaultTo(0);
    table.bigInteger('rows_rejected').notNullable().defaultTo(0);
    table.bigInteger('bytes_read').notNullable().defaultTo(0);
    table.bigInteger('total_bytes').nullable();
    table.double('rows_per_second').notNullable().defaultTo(0);
    table.text('billing_periods').notNullable().defaultTo('[]');
    table.string('focus_version', 8).nullable();
    table.integer('error_count').notNullable().defaultTo(0);
    table.text('errors').notNullable().defaultTo('[]');
    table.text('message').nullable();
    table.index(['started_at'], 'cost_ingest_runs_started_idx');
    table.index(['file_key'], 'cost_ingest_runs_file_key_idx');
  });

  await knex.schema.createTable('cost_line_items', table => {
    table.comment(
      'FOCUS line items, minimal columns, replaced per billing period',
    );
    table.bigIncrements('id').primary();
    table.string('ingest_run_id', 36).notNullable();
    table.string('provider', 128).notNullable();
    table.string('billing_account_id', 255).notNullable();
    table
      .string('billing_period', 10)
      .notNullable()
      .comment('YYYY-MM-DD of BillingPeriodStart');
    table
      .string('day', 10)
      .notNullable()
      .comment('UTC day of ChargePeriodStart');
    table.string('sub_account_id', 255).nullable();
    table.string('sub_account_name', 255).nullable();
    table.string('service_name', 255).notNullable();
    table.string('service_category', 64).nullable();
    table.string('charge_category', 32).notNullable();
    table.string('resource_id', 512).nullable();
    table.string('sku_id', 255).nullable();
    table.string('region_id', 64).nullable();
    table.string('currency', 3).notNullable();
    table.double('billed_cost').notNullable();
    table.double('effective_cost').notNullable();
    table.string('entity_ref', 255).nullable();
    table.string('team', 255).notNullable();
    table.string('cost_center', 128).nullable();
    table.string('gpu_class', 64).nullable();
    table.index(
      ['provider', 'billing_account_id', 'billing_period'],
      'cost_line_items_period_idx',
    );
    table.index(['ingest_run_id'], 'cost_line_items_run_idx');
  });

  await knex.schema.createTable('cost_daily', table => {
    table.comment(
      'Daily roll-up of billing line items and Kubernetes GPU cost',
    );
    table.bigIncrements('id').primary();
    table.string('source', 16).notNullable().comment('billing or kubernetes');
    table.string('provider', 128).notNullable();
    table.string('billing_account_id', 255).notNullable();
    table.string('billing_period', 10).notNullable();
    table.string('day', 10).notNullable();
    table.string('entity_ref', 255).nullable();
    table.string('team', 255).notNullable();
    table.string('sub_account_id', 255).nullable();
    table.string('service_name', 255).notNullable();
    table.string('gpu_class', 64).nullable();
    table.string('currency', 3).notNullable();
    table.double('billed_cost').notNullable();
    table.double('effective_cost').notNullable();
    table.bigInteger('line_items').notNullable();
    table.index(['team', 'day'], 'cost_daily_team_day_idx');
    table.index(['entity_ref', 'day'], 'cost_daily_entity_day_idx');
    table.index(
      ['provider', 'billing_account_id', 'billing_period'],
      'cost_daily_period_idx',
    );
  });

  await knex.schema.createTable('cost_gpu_daily', table => {
    table.comment(
      'Kubernetes GPU-hours granted and used per day, priced by the rate card',
    );
    table.bigIncrements('id').primary();
    table.string('day', 10).notNullable();
    table.string('cluster', 63).notNullable();
    table.string('entity_ref', 255).nullable();
    table.string('team', 255).notNullable();
    table.string('gpu_class', 128).notNullable();
    table.string('grant_id', 36).notNullable();
    table.double('gpu_hours_allocated').notNullable();
    table.double('gpu_hours_used').notNullable();
    table.double('hourly_rate').notNullable();
    table.double('allocated_cost').notNullable();
    table.double('used_cost').notNullable();
    table.string('currency', 3).notNullable();
    table.index(['day'], 'cost_gpu_daily_day_idx');
    table.index(['team', 'day'], 'cost_gpu_daily_team_day_idx');
  });

  await knex.schema.createTable('cost_budgets', table => {
    table.comment('Monthly budgets per group');
    table.string('id', 36).primary();
    table.string('group_ref', 255).notNullable().unique();
    table.double('amount').notNullable();
    table.string('currency', 3).notNullable();
    table.string('updated_by', 255).notNullable();
    table.string('updated_at', 32).notNullable();
    table
      .string('notified_month', 7)
      .nullable()
      .comment('YYYY-MM of the last over-budget notification');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cost_budgets');
  await knex.schema.dropTable('cost_gpu_daily');
  await knex.schema.dropTable('cost_daily');
  await knex.schema.dropTable('cost_line_items');
  await knex.schema.dropTable('cost_ingest_runs');
};
