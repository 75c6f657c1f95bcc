// @ts-check

/**
 * Ingest runs are stored when they start, not when they end, so every
 * replica sees a run in progress and its progress: the replica running it
 * (`owner`) renews `heartbeat_at` while it reads. A `running` row whose
 * heartbeat stopped belongs to a process that died and is marked failed.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('cost_ingest_runs', table => {
    table
      .string('owner', 128)
      .nullable()
      .comment('The backend process running the ingest');
    table
      .string('heartbeat_at', 32)
      .nullable()
      .comment('Last sign of life of a running ingest (ISO 8601)');
    table.index(['status'], 'cost_ingest_runs_status_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('cost_ingest_runs', table => {
    table.dropIndex(['status'], 'cost_ingest_runs_status_idx');
    table.dropColumn('heartbeat_at');
    table.dropColumn('owner');
  });
};
