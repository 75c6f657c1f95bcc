// @ts-check

/**
 * Approvals: a request that the members of a named approver group approve
 * something, and its decision. `approver_group_key` is the group's ref in
 * the suite's comparison form (lower case), so the inbox is one indexed
 * lookup by the caller's groups.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('approvals', table => {
    table.uuid('id').primary().comment('The approval id');
    table.string('status', 16).notNullable().comment('Where it stands');
    table
      .string('approver_group', 255)
      .notNullable()
      .comment('The approver Group, as the requester wrote its ref');
    table
      .string('approver_group_key', 255)
      .notNullable()
      .comment('The approver Group ref, lower case, for lookups');
    table.string('title', 200).notNullable();
    table.text('description').nullable();
    table.string('link', 2000).nullable();
    table
      .string('requested_by', 255)
      .notNullable()
      .comment('User entity ref of the requester');
    table
      .string('requested_by_key', 255)
      .notNullable()
      .comment('The requester, lower case, for lookups');
    table
      .string('requested_via', 255)
      .nullable()
      .comment('The service that asked on the user behalf');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).nullable();
    table.string('decided_by', 255).nullable();
    table.timestamp('decided_at', { useTz: true }).nullable();
    table.text('reason').nullable();
    table.index(['approver_group_key', 'status'], 'approvals_group_status_idx');
    table.index(['requested_by_key', 'status'], 'approvals_requester_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('approvals');
};
