// @ts-check

/**
 * Who is applying a grant, and until when: a replica that claims an
 * approved request (`provisioning`) names itself and renews the claim while
 * it applies. A claim that ran out belongs to a process that died mid-apply;
 * the lifecycle loop counts it as a failed attempt and provisions the
 * request again (applying is idempotent) or, at the attempt limit, removes
 * what it left.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('gpu_requests', table => {
    table
      .string('claimed_by', 128)
      .nullable()
      .comment('The backend process applying the grant');
    table
      .timestamp('claim_expires_at', { useTz: true })
      .nullable()
      .comment('When an unrenewed claim counts as abandoned');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('gpu_requests', table => {
    table.dropColumn('claim_expires_at');
    table.dropColumn('claimed_by');
  });
};
