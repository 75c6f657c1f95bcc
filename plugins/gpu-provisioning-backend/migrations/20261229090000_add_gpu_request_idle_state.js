// @ts-check

/**
 * The idle policy's state of a grant: `idle_warned_at`, when its owners were
 * warned its GPUs sit idle (written by a compare and set before the
 * notification is sent, so a restart or a second replica does not warn
 * twice), and `kept_until`/`kept_by`, an owner's word that the policy leaves
 * the grant alone until then.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('gpu_requests', table => {
    table
      .timestamp('idle_warned_at', { useTz: true })
      .nullable()
      .comment('When the idle policy warned the owners the GPUs sit idle');
    table
      .timestamp('kept_until', { useTz: true })
      .nullable()
      .comment('The idle policy leaves the grant alone until then');
    table
      .string('kept_by')
      .nullable()
      .comment('User entity ref of who kept the grant');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('gpu_requests', table => {
    table.dropColumn('idle_warned_at');
    table.dropColumn('kept_until');
    table.dropColumn('kept_by');
  });
};
