// @ts-check

/**
 * Drill-down from a team's or an entity's month to its line items reads
 * `cost_line_items` by (team, day) or (entity_ref, day), in day order.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('cost_line_items', table => {
    table.index(['team', 'day', 'id'], 'cost_line_items_team_day_idx');
    table.index(['entity_ref', 'day', 'id'], 'cost_line_items_entity_day_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('cost_line_items', table => {
    table.dropIndex(['team', 'day', 'id'], 'cost_line_items_team_day_idx');
    table.dropIndex(
      ['entity_ref', 'day', 'id'],
      'cost_line_items_entity_day_idx',
    );
  });
};
