import { Knex } from 'knex';
import { inMany, isPostgres, whereInMany } from './bulkWrites';
import { ScoreSum } from './types';

// The sums per owning group and per system are kept by delta, in the
// transaction that writes the scores: an entity's rows are taken out of its
// subjects' sums as they are deleted and put in as they are inserted, so a
// changed entity costs lookups of its own rows, not a pass over its team's.
// A subject's row holds, per framework, its scores in tenths (scores carry
// one decimal; `real` scores are widened first), how many are not null and
// how many there are: integers, exact in the double `tenths` on either
// engine, so adding and taking away leave what a recompute would give.

/** Subjects whose sums a subtraction brought to no entities, to drop at the end. */
export type EmptiedSums = Set<string>;

/** What the subjects' sums change by: added or taken away. */
type Direction = '+' | '-';

/**
 * One statement adding (or taking away) the score rows `sources` names
 * `scored` to their subjects' sums: an entity counts for its owner when a
 * group, a system for itself and a part for its system. It returns each sum
 * row it leaves, with its entities. `where true` keeps SQLite from reading
 * `on conflict` as a join's constraint should the `group by` go.
 */
function upsertContributions(sources: string, direction: Direction) {
  const sign = direction === '-' ? '-' : '';
  return `with ${sources},
     contributions as (
       select 'owner' as sum_by, owner_ref as subject_ref, framework_id, score
       from scored where substr(owner_ref, 1, 6) = 'group:'
       union all
       select 'system', case when kind = 'system' then entity_ref else system_ref end,
              framework_id, score
       from scored where kind = 'system' or system_ref is not null
     )
     insert into compliance_score_sums (sum_by, subject_ref, framework_id, tenths, scored, entities)
     select sum_by, subject_ref, framework_id,
            ${sign}coalesce(sum(round(cast(score as double precision) * 10)), 0),
            ${sign}count(score), ${sign}count(*)
     from contributions
     where true
     group by sum_by, subject_ref, framework_id
     on conflict (sum_by, subject_ref, framework_id) do update set
       tenths = compliance_score_sums.tenths + excluded.tenths,
       scored = compliance_score_sums.scored + excluded.scored,
       entities = compliance_score_sums.entities + excluded.entities
     returning subject_ref, entities`;
}

/** The stored score rows of the entities `refs` selects, as `scored`. */
function storedScores(refs: string) {
  return `scored as (
       select e.entity_ref, e.kind, e.owner_ref, e.system_ref, s.framework_id, s.score
       from compliance_scores s join compliance_entities e on e.entity_ref = s.entity_ref
       where s.entity_ref ${refs}
     )`;
}

/**
 * The score and entity rows of the entities `refs` selects, deleted, as
 * `scored` (PostgreSQL: a statement may delete in its `with`).
 */
function deletedScores(refs: string) {
  return `gone_scores as (
       delete from compliance_scores where entity_ref ${refs}
       returning entity_ref, framework_id, score
     ),
     gone_entities as (
       delete from compliance_entities where entity_ref ${refs}
       returning entity_ref, kind, owner_ref, system_ref
     ),
     scored as (
       select e.entity_ref, e.kind, e.owner_ref, e.system_ref, s.framework_id, s.score
       from gone_scores s join gone_entities e on e.entity_ref = s.entity_ref
     )`;
}

type SumRow = { subject_ref: string; entities: number };

/** Adds (or takes away) these entities' stored scores to their subjects' sums. */
async function upsertStoredContributions(
  db: Knex,
  tx: Knex.Transaction,
  refs: string[],
  direction: Direction,
): Promise<SumRow[]> {
  const only = inMany(db, refs);
  const result = await tx.raw(
    upsertContributions(storedScores(only.sql), direction),
    [only.binding],
  );
  return isPostgres(db) ? result.rows : result;
}

/** Notes the subjects a subtraction left with no entities. */
function noteEmptied(rows: SumRow[], emptied: EmptiedSums) {
  for (const r of rows)
    if (Number(r.entities) === 0) emptied.add(r.subject_ref);
}

/** Adds these entities' stored scores to their subjects' sums (after they are inserted). */
export async function addToScoreSums(
  db: Knex,
  tx: Knex.Transaction,
  refs: string[],
): Promise<void> {
  if (refs.length) await upsertStoredContributions(db, tx, refs, '+');
}

/**
 * Deletes these entities' score and entity rows and takes their scores out
 * of the sums. On PostgreSQL one statement takes out exactly the rows it
 * deletes: a concurrent writer of the same entity either deleted them first
 * (then nothing is taken out twice and this write fails on its insert, as
 * before) or waits. SQLite has one writer at a time, so reading the rows
 * first is as exact there.
 */
export async function deleteScoredRows(
  db: Knex,
  tx: Knex.Transaction,
  refs: string[],
  emptied: EmptiedSums,
): Promise<void> {
  if (!refs.length) return;
  if (!isPostgres(db)) {
    noteEmptied(await upsertStoredContributions(db, tx, refs, '-'), emptied);
    for (const table of ['compliance_scores', 'compliance_entities'])
      await whereInMany(db, tx(table), 'entity_ref', refs).delete();
    return;
  }
  const only = inMany(db, refs);
  const result = await tx.raw(
    upsertContributions(deletedScores(only.sql), '-'),
    [only.binding, only.binding],
  );
  noteEmptied(result.rows, emptied);
}

/**
 * Drops the sums left with no entities, as a recompute would have no row
 * for them; a subject re-filled later in the transaction keeps its row.
 */
export async function dropEmptiedSums(
  db: Knex,
  tx: Knex.Transaction,
  emptied: EmptiedSums,
): Promise<void> {
  if (!emptied.size) return;
  await whereInMany(
    db,
    tx('compliance_score_sums')
      .whereIn('sum_by', ['owner', 'system'])
      .where({ entities: 0 }),
    'subject_ref',
    [...emptied],
  ).delete();
}

/** The stored sums by owning group or by system; only the named subjects when given. */
export async function readScoreSums(
  db: Knex,
  by: 'owner' | 'system',
  subjectRefs?: string[],
): Promise<ScoreSum[]> {
  const query = db('compliance_score_sums').where({ sum_by: by });
  if (subjectRefs) whereInMany(db, query, 'subject_ref', subjectRefs);
  const rows = await query;
  return rows.map(r => ({
    subjectRef: r.subject_ref,
    frameworkId: r.framework_id,
    tenths: Number(r.tenths),
    scored: Number(r.scored),
    entities: Number(r.entities),
  }));
}
