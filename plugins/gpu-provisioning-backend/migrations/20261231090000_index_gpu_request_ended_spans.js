// @ts-check

/**
 * An index for the start estimate's history of past holds: the requests of
 * one GPU class that ended since a date (`endedSpans`). Without it every
 * estimate reads every request the portal has ever had.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('gpu_requests', table => {
    table.index(['gpu_class', 'ended_at'], 'gpu_requests_class_ended_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('gpu_requests', table => {
    table.dropIndex(
      ['gpu_class', 'ended_at'],
      'gpu_requests_class_ended_at_idx',
    );
  });
};
