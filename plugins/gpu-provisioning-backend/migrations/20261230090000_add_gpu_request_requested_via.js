// @ts-check

/**
 * `requested_via`: the service that asked on the user's behalf (the actor of
 * an on-behalf-of token, such as `plugin:scaffolder`). That service may
 * withdraw the request while it waits for an approver, after the user's
 * token has expired, which a template that gives up waiting needs.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('gpu_requests', table => {
    table
      .string('requested_via')
      .nullable()
      .comment(
        "The service that asked on the user's behalf, e.g. plugin:scaffolder",
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('gpu_requests', table => {
    table.dropColumn('requested_via');
  });
};
