// @ts-check

/**
 * Groups' parents are read from the catalog's Group tree (the shared
 * `CatalogGroupTree`), no longer copied from `spec.parent`: the copy goes.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('compliance_entities', table => {
    table.dropColumn('parent_ref');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('compliance_entities', table => {
    table.string('parent_ref', 255).comment('A group’s parent group');
  });
};
