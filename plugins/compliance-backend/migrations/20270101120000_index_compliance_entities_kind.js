// @ts-check

/**
 * Group titles are read by kind on every per-entity evaluation, scorecard
 * and heat map; without an index each read scanned every entity row (about
 * 1 ms at 10,000 entities on PostgreSQL, several times per change).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('compliance_entities', table => {
    table.index(['kind'], 'compliance_entities_kind_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('compliance_entities', table => {
    table.dropIndex(['kind'], 'compliance_entities_kind_idx');
  });
};
