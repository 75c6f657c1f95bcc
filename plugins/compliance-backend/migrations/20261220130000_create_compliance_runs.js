// @ts-check

/**
 * Evaluation runs, stored as they start so that replicas run one at a time:
 * the replica running one (`owner`) renews `heartbeat_at`; a `running` row
 * whose heartbeat stopped belongs to a process that died and is marked
 * failed by the next replica that starts a run.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('compliance_runs', table => {
    table.comment('Compliance evaluation runs, one running at a time');
    table.string('id', 36).primary();
    table.string('mode', 16).notNullable().comment('full or incremental');
    table
      .string('trigger', 16)
      .notNullable()
      .comment('schedule, or request (an approver)');
    table.string('status', 16).notNullable();
    table
      .string('owner', 128)
      .notNullable()
      .comment('The backend process running it');
    table.string('started_at', 32).notNullable();
    table.string('heartbeat_at', 32).notNullable();
    table.string('finished_at', 32);
    table.integer('evaluated');
    table.integer('removed');
    table.integer('unchanged');
    table.integer('duration_ms');
    table.text('error');
    table.index(['status'], 'compliance_runs_status_idx');
    table.index(['started_at'], 'compliance_runs_started_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('compliance_runs');
};
