// @ts-check

/**
 * GPU requests and the quota ledger.
 *
 * `gpu_quota_usage` holds, per team and quota key, the GPUs (or MIG
 * instances) reserved by requests in a quota-holding status. Every change to
 * it happens in the same transaction as the request's status change, under a
 * row lock on PostgreSQL, so concurrent requests cannot overdraw a quota.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('gpu_requests', table => {
    table.comment('GPU requests and, once granted, their grants');
    table.string('id', 36).primary();
    table.string('team', 255).notNullable();
    table.string('entity_ref', 255).nullable();
    table.string('cluster', 63).notNullable();
    table.string('gpu_class', 63).notNullable();
    table.string('mig_profile', 63).nullable();
    table
      .string('quota_key', 128)
      .notNullable()
      .comment('The class, or class/MIG profile, the request counts against');
    table.integer('gpu_count').notNullable();
    table.integer('duration_hours').notNullable();
    table.string('purpose', 32).notNullable();
    table.string('data_classification', 32).notNullable();
    table.text('justification').notNullable();
    table.string('status', 32).notNullable();
    table.string('requested_by', 255).notNullable();
    table.string('idempotency_key', 255).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.integer('gpu_hours').notNullable();
    table.double('estimated_cost').notNullable();
    table.boolean('requires_approval').notNullable();
    table.string('decided_by', 255).nullable();
    table.timestamp('decided_at', { useTz: true }).nullable();
    table.text('rejection_reason').nullable();
    table.string('namespace', 63).nullable();
    table.timestamp('active_since', { useTz: true }).nullable();
    table.timestamp('expires_at', { useTz: true }).nullable();
    table.timestamp('ended_at', { useTz: true }).nullable();
    table.text('last_error').nullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table.timestamp('next_attempt_at', { useTz: true }).nullable();
    table.timestamp('expiry_warned_at', { useTz: true }).nullable();

    table.unique(['idempotency_key', 'requested_by'], {
      indexName: 'gpu_requests_idempotency_key_requested_by_uniq',
    });
    table.index(['status'], 'gpu_requests_status_idx');
    table.index(['team'], 'gpu_requests_team_idx');
    table.index(['requested_by'], 'gpu_requests_requested_by_idx');
    table.index(['entity_ref'], 'gpu_requests_entity_ref_idx');
  });

  await knex.schema.createTable('gpu_quota_usage', table => {
    table.comment('GPUs reserved per team and quota key');
    table.string('team', 255).notNullable();
    table.string('quota_key', 128).notNullable();
    table.integer('reserved').notNullable().defaultTo(0);
    table.primary(['team', 'quota_key']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gpu_quota_usage');
  await knex.schema.dropTable('gpu_requests');
};
