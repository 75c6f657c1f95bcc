// @ts-check

/**
 * `start_warned_at`: when the owners of a reserved window were told it
 * starts soon. Written by a compare and set before the notification is
 * sent, so a restart or a second replica does not send it twice.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('gpu_requests', table => {
    table
      .timestamp('start_warned_at', { useTz: true })
      .nullable()
      .comment('When the owners were told the reserved window starts soon');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('gpu_requests', table => {
    table.dropColumn('start_warned_at');
  });
};
