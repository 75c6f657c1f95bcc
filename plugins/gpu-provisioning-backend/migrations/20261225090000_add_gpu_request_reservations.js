// @ts-check

/**
 * Reservations: a request may start later. `start_at` is when a reserved
 * window begins (null: as soon as it is granted); its end is `expires_at`,
 * written when the window is booked. `gpu_quota_usage.scheduled` counts a
 * team's quota-holding reservations, so requests of teams without any keep
 * the one conditional statement on `reserved`, and only the others check
 * the overlapping time intervals.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('gpu_requests', table => {
    table
      .timestamp('start_at', { useTz: true })
      .nullable()
      .comment('When a reserved window starts; null for an immediate request');
    table.index(['cluster', 'quota_key'], 'gpu_requests_cluster_quota_key_idx');
  });
  await knex.schema.alterTable('gpu_quota_usage', table => {
    table
      .integer('scheduled')
      .notNullable()
      .defaultTo(0)
      .comment("The team's quota-holding reservations of the key");
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('gpu_quota_usage', table => {
    table.dropColumn('scheduled');
  });
  await knex.schema.alterTable('gpu_requests', table => {
    table.dropIndex(
      ['cluster', 'quota_key'],
      'gpu_requests_cluster_quota_key_idx',
    );
    table.dropColumn('start_at');
  });
};
