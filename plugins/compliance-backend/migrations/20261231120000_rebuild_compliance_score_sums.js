// @ts-check

/**
 * Rebuilds the score sums from the scores. They were recomputed per subject
 * on each write, and concurrent writes could leave a subject's row behind
 * until its next write; they are now kept by delta, which carries any such
 * difference forever, so they start again from a recompute.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex('compliance_score_sums').delete();
  const sums =
    'coalesce(sum(round(cast(s.score as double precision) * 10)), 0), count(s.score), count(*)';
  const from =
    'from compliance_scores s join compliance_entities e on e.entity_ref = s.entity_ref';
  await knex.raw(
    `insert into compliance_score_sums (sum_by, subject_ref, framework_id, tenths, scored, entities)
     select 'owner', e.owner_ref, s.framework_id, ${sums} ${from}
     where substr(e.owner_ref, 1, 6) = 'group:'
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

/** Nothing to undo: the sums are what the scores give either way. */
exports.down = async function down() {};
