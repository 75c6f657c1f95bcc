// @ts-check

/**
 * `idempotency_key`: a key of the requester's choosing (the scaffolder sends
 * one per task and step), unique per requester, so a call repeated after a
 * crash or a timeout gets the approval the first one made instead of a
 * second one in the approvers' inbox.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('approvals', table => {
    table
      .string('idempotency_key', 255)
      .nullable()
      .comment('The requester’s key for retries, unique per requester');
    table.unique(['requested_by_key', 'idempotency_key'], {
      indexName: 'approvals_idempotency_key_idx',
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('approvals', table => {
    table.dropUnique(
      ['requested_by_key', 'idempotency_key'],
      'approvals_idempotency_key_idx',
    );
    table.dropColumn('idempotency_key');
  });
};
