import { Knex } from 'knex';
import { inMany, whereInMany } from './bulkWrites';
import { ScoreSum } from './types';

/** The subjects whose sums a write changes: owning groups and systems. */
export interface SumSubjects {
  owners: Set<string>;
  systems: Set<string>;
}

/** The owning groups and systems of entity rows, added to `into`. */
export function addSubjectsOf(
  rows: Array<{
    entity_ref: string;
    kind: string;
    owner_ref?: string | null;
    system_ref?: string | null;
  }>,
  into: SumSubjects,
): SumSubjects {
  for (const r of rows) {
    if (r.owner_ref?.startsWith('group:')) into.owners.add(r.owner_ref);
    if (r.system_ref) into.systems.add(r.system_ref);
    if (r.kind === 'system') into.systems.add(r.entity_ref);
  }
  return into;
}

/** The stored rows of these entities, for {@link addSubjectsOf}. */
export function subjectRowsOf(db: Knex, tx: Knex.Transaction, refs: string[]) {
  return whereInMany(
    db,
    tx('compliance_entities').select(
      'entity_ref',
      'kind',
      'owner_ref',
      'system_ref',
    ),
    'entity_ref',
    refs,
  );
}

/**
 * Recomputes, in the database and in the writing transaction, the score
 * sums of these subjects: per owning group, and per system (a system's own
 * scores with its parts'). Sums are in tenths (scores carry one decimal),
 * exact on either engine; `real` scores are widened before the sum.
 */
export async function refreshScoreSums(
  db: Knex,
  tx: Knex.Transaction,
  subjects: SumSubjects,
): Promise<void> {
  const sums =
    'sum(round(cast(s.score as double precision) * 10)), count(s.score), count(*)';
  const from =
    'from compliance_scores s join compliance_entities e on e.entity_ref = s.entity_ref';
  const owners = [...subjects.owners];
  if (owners.length) {
    const only = inMany(db, owners);
    await whereInMany(
      db,
      tx('compliance_score_sums').where({ sum_by: 'owner' }),
      'subject_ref',
      owners,
    ).delete();
    await tx.raw(
      `insert into compliance_score_sums (sum_by, subject_ref, framework_id, tenths, scored, entities)
       select 'owner', e.owner_ref, s.framework_id, ${sums} ${from}
       where e.owner_ref ${only.sql}
       group by e.owner_ref, s.framework_id`,
      [only.binding],
    );
  }
  const systems = [...subjects.systems];
  if (systems.length) {
    const subject =
      "case when e.kind = 'system' then e.entity_ref else e.system_ref end";
    const only = inMany(db, systems);
    await whereInMany(
      db,
      tx('compliance_score_sums').where({ sum_by: 'system' }),
      'subject_ref',
      systems,
    ).delete();
    await tx.raw(
      `insert into compliance_score_sums (sum_by, subject_ref, framework_id, tenths, scored, entities)
       select 'system', ${subject}, s.framework_id, ${sums} ${from}
       where (e.kind = 'system' and e.entity_ref ${only.sql})
          or (e.kind <> 'system' and e.system_ref ${only.sql})
       group by ${subject}, s.framework_id`,
      [only.binding, only.binding],
    );
  }
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
