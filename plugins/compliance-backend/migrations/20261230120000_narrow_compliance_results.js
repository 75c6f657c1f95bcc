// @ts-check

/** Entities per statement when results are moved between the two shapes. */
const BATCH = 100;

/**
 * Narrow results: a result keeps its check, status and waiver only, packed
 * in one row per entity (a JSON array of `[checkId, status, waiverId?]`), as
 * 45 rows per entity cost more in index upkeep than the rest of a run; its
 * evidence is derived from the entity's stored facts (written in the same
 * transaction) and its time is the entity's `evaluated_at`. Entities get the
 * hash of what their last evaluation read (facts, waivers in force, the
 * definitions), so a run skips those whose inputs did not change. Score sums
 * per owning group and per system are kept in the database, in the
 * transaction that writes the scores, so a roll-up reads a row per subject
 * and framework; they are filled here from the scores already stored.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('compliance_entity_results', table => {
    table.comment('Each entity’s check statuses, packed');
    table.string('entity_ref', 255).primary();
    table
      .text('results')
      .notNullable()
      .comment('JSON array of [checkId, status, waiverId?]');
  });
  const packed = new Map();
  const rows = await knex('compliance_results')
    .select('entity_ref', 'check_id', 'status', 'waiver_id')
    .orderBy(['entity_ref', 'check_id']);
  for (const r of rows) {
    const list = packed.get(r.entity_ref) ?? [];
    list.push(
      r.waiver_id
        ? [r.check_id, r.status, r.waiver_id]
        : [r.check_id, r.status],
    );
    packed.set(r.entity_ref, list);
  }
  const entries = [...packed.entries()];
  for (let i = 0; i < entries.length; i += BATCH) {
    await knex('compliance_entity_results').insert(
      entries.slice(i, i + BATCH).map(([ref, list]) => ({
        entity_ref: ref,
        results: JSON.stringify(list),
      })),
    );
  }
  await knex.schema.dropTable('compliance_results');
  await knex.schema.alterTable('compliance_entities', table => {
    table
      .string('inputs_hash', 64)
      .comment('Hash of the facts, waivers and definitions last evaluated');
    table.index(['system_ref'], 'compliance_entities_system_idx');
  });
  await knex.schema.createTable('compliance_score_sums', table => {
    table.comment('Entity scores summed per owning group and per system');
    table.string('sum_by', 8).notNullable().comment('owner or system');
    table.string('subject_ref', 255).notNullable();
    table.string('framework_id', 128).notNullable();
    table
      .double('tenths')
      .notNullable()
      .comment('Sum of the scores in tenths of a point');
    table.integer('scored').notNullable().comment('Entities with a score');
    table.integer('entities').notNullable();
    table.primary(['sum_by', 'subject_ref', 'framework_id']);
  });
  // A subject whose scores are all null sums to 0 tenths, not null.
  const sums =
    'coalesce(sum(round(cast(s.score as double precision) * 10)), 0), count(s.score), count(*)';
  const from =
    'from compliance_scores s join compliance_entities e on e.entity_ref = s.entity_ref';
  await knex.raw(
    `insert into compliance_score_sums (sum_by, subject_ref, framework_id, tenths, scored, entities)
     select 'owner', e.owner_ref, s.framework_id, ${sums} ${from}
     where e.owner_ref like 'group:%'
     group by e.owner_ref, s.framework_id`,
  );
  const system =
    "case when e.kind = 'system' then e.entity_ref else e.system_ref end";
  await knex.raw(
    `insert into compliance_score_sums (sum_by, subject_ref, framework_id, tenths, scored, entities)
     select 'system', ${system}, s.framework_id, ${sums} ${from}
     where e.kind = 'system' or e.system_ref is not null
     group by ${system}, s.framework_id`,
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('compliance_score_sums');
  await knex.schema.alterTable('compliance_entities', table => {
    table.dropIndex(['system_ref'], 'compliance_entities_system_idx');
    table.dropColumn('inputs_hash');
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
  // Statuses come back; evidence does not (the next full run writes it).
  const packed = await knex('compliance_entity_results as r')
    .join('compliance_entities as e', 'e.entity_ref', 'r.entity_ref')
    .select('r.entity_ref', 'r.results', 'e.evaluated_at');
  const rows = packed.flatMap(p =>
    /** @type {string[][]} */ (JSON.parse(p.results)).map(
      ([checkId, status, waiverId]) => ({
        entity_ref: p.entity_ref,
        check_id: checkId,
        status,
        evaluated_at: p.evaluated_at ?? '',
        evidence: '{}',
        waiver_id: waiverId ?? null,
      }),
    ),
  );
  for (let i = 0; i < rows.length; i += BATCH)
    await knex('compliance_results').insert(rows.slice(i, i + BATCH));
  await knex.schema.dropTable('compliance_entity_results');
};
