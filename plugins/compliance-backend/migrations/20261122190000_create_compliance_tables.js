// @ts-check

/**
 * Entities evaluated, facts, check results, scores, daily history and waivers.
 * Times are ISO 8601 strings, so SQLite and PostgreSQL store them alike.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('compliance_entities', table => {
    table.string('entity_ref', 255).primary();
    table.string('kind', 64).notNullable();
    table.text('title');
    table.string('owner_ref', 255);
    table.string('system_ref', 255);
    table.string('parent_ref', 255).comment('A group’s parent group');
    table.string('hash', 64).notNullable();
    table.string('evaluated_at', 32);
    table.index(['owner_ref'], 'compliance_entities_owner_idx');
  });
  await knex.schema.createTable('compliance_facts', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('retriever', 64).notNullable();
    table.text('facts').notNullable();
    table.string('collected_at', 32).notNullable();
    table.text('error');
    table.primary(['entity_ref', 'retriever']);
  });
  await knex.schema.createTable('compliance_results', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 128).notNullable();
    table.string('status', 32).notNullable();
    table.string('evaluated_at', 32).notNullable();
    table.text('evidence').notNullable();
    table.string('waiver_id', 64);
    table.primary(['entity_ref', 'check_id']);
    table.index(['check_id'], 'compliance_results_check_idx');
  });
  await knex.schema.createTable('compliance_scores', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('framework_id', 128).notNullable();
    table.float('score');
    table.string('level', 64);
    table.integer('passed').notNullable();
    table.integer('failed').notNullable();
    table.integer('waived').notNullable();
    table.integer('unknown').notNullable();
    table.integer('not_applicable').notNullable();
    table.string('evaluated_at', 32).notNullable();
    table.primary(['entity_ref', 'framework_id']);
  });
  await knex.schema.createTable('compliance_history', table => {
    table.string('day', 10).notNullable();
    table.string('subject_ref', 255).notNullable();
    table.string('framework_id', 128).notNullable();
    table.float('score');
    table.primary(['day', 'subject_ref', 'framework_id']);
    table.index(['subject_ref', 'day'], 'compliance_history_subject_idx');
  });
  await knex.schema.createTable('compliance_waivers', table => {
    table.string('id', 64).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 128).notNullable();
    table.text('justification').notNullable();
    table.string('approver', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('expires_at', 32).notNullable();
    table.string('revoked_at', 32);
    table.string('revoked_by', 255);
    table.index(['entity_ref'], 'compliance_waivers_entity_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of [
    'compliance_waivers',
    'compliance_history',
    'compliance_scores',
    'compliance_results',
    'compliance_facts',
    'compliance_entities',
  ]) {
    await knex.schema.dropTable(table);
  }
};
